/** A scenario or lesson file that cannot be run: the message starts with `line N:`. */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}
