// The server's one logger: plain lines on stdout and stderr for people running the server, at the
// level LOG_LEVEL sets. Fastify's own request log uses the same level.
import type { LogLevel } from './config.ts';

const RANK: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

export type Logger = {
  info: (message: string) => void;
  warn: (message: string) => void;
  error: (message: string) => void;
  /** Always printed unless silent: what someone starting the server needs to see (URL, sign-ins). */
  banner: (lines: string[]) => void;
};

export function createLogger(level: LogLevel): Logger {
  const at = (wanted: LogLevel, stream: NodeJS.WriteStream) => (message: string) => {
    if (RANK[wanted] >= RANK[level]) stream.write(`${message}\n`);
  };
  return {
    info: at('info', process.stdout),
    warn: at('warn', process.stderr),
    error: at('error', process.stderr),
    banner: (lines) => {
      if (level !== 'silent') process.stdout.write(`${lines.join('\n')}\n`);
    },
  };
}
