// Node entry: `npm start` (via tsx). The app itself is runtime-neutral.
import { start } from './start.ts';

await start();
