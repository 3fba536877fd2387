/**
 * Import for its effect, first: provides the engine's on-demand parts at once (./onDemand.ts).
 * Node has no first diagram to hurry: the CLI, the tests and the benchmarks load everything.
 */
import * as modules from './onDemandModules';
import { provideOnDemand } from './onDemand';

provideOnDemand(modules);
