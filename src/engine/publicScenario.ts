/**
 * The scenario and lesson format, read and checked by the engine's own code, for the lesson panel.
 * Its own module (see `public.ts`): the parser brings the YAML library, which the first diagram
 * does not need.
 */
/** Scenario files and lessons, parsed exactly as `npm run sim -- scenario` parses them. */
export { parseScenario } from './scenario/format';
/** A lesson's task and wait-for conditions, checked exactly as the headless runner checks them. */
export { checkCondition } from './scenario/expect';
export type {
  ActionStep,
  Condition,
  Prediction,
  Scenario,
  ScenarioStep,
  Task,
  WaitFor,
} from './scenario/format';
