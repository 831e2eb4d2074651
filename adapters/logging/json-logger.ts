import type { Logger } from '../../core/ports.js';

type Fields = Record<string, string | number | boolean>;

/** One JSON line per event on stdout/stderr (CloudWatch in Lambda). Fields are numbers, flags and ids of our own. */
export class JsonLogger implements Logger {
  constructor(
    private readonly write: (line: string, level: 'info' | 'warn' | 'error') => void = (line, level) =>
      (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`),
    private readonly base: Fields = {},
  ) {}

  private emit(level: 'info' | 'warn' | 'error', event: string, fields: Fields = {}): void {
    this.write(JSON.stringify({ level, event, ...this.base, ...fields }), level);
  }

  info(event: string, fields?: Fields): void {
    this.emit('info', event, fields);
  }
  warn(event: string, fields?: Fields): void {
    this.emit('warn', event, fields);
  }
  error(event: string, fields?: Fields): void {
    this.emit('error', event, fields);
  }
}
