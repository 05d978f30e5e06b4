/** Entry point of `npm run serve`, `npm run cli` and the package's bin. */
import { runCli } from './cli.ts';

await runCli(process.argv);
