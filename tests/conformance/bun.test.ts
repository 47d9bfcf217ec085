import { conformance } from './contract.ts';
import { bun } from './targets.ts';

conformance(bun);
