import { pino, type Logger } from 'pino';
import { Writable } from 'node:stream';

/** A logger that keeps its lines in memory (parsed), so tests can assert on them and stay quiet. */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: Array<Record<string, unknown>>; text(): string } {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: pino({ level }, stream), lines, text: () => raw.join('\n') };
}
