import { conformance } from './contract.ts';
import { deno } from './targets.ts';

conformance(deno);
