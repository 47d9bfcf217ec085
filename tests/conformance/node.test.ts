import { conformance } from './contract.ts';
import { node } from './targets.ts';

conformance(node);
