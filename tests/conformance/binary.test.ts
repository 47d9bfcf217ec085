import { conformance } from './contract.ts';
import { binary } from './targets.ts';

conformance(binary);
