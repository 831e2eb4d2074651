/**
 * An expected failure that names the input field it is about; the edge maps it to a 4xx problem body
 * with that field. Each subclass has its own stable `code`.
 */
export abstract class FieldError extends Error {
  abstract readonly code: string;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
