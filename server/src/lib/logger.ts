import pino from 'pino';

export type Logger = pino.Logger;

/** Paths that must never reach a log line, whatever a caller passes in. */
const REDACT = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.password',
  '*.passwordHash',
  '*.refreshToken',
  '*.accessToken',
  '*.secret',
  '*.jwtSecret',
  '*.phoneKey',
  '*.phoneNumber',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'siyu-server' } });
}
