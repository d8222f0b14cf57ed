import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The app's logger: pino JSON. Secrets and message bodies are never logged at info; request and case loggers
 * are children carrying `reqId` / `case`.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'au-incident-bot' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-slack-signature"]', '*.token', '*.secret', '*.password'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
