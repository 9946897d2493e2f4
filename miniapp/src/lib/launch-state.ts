import { normalizeLaunchOptions, type LaunchOptionsInput } from './launch';

let launch: LaunchOptionsInput | undefined;

/** Keeps the launch options of this start (read once in app.tsx) for every login of the session. */
export function keepLaunchOptions(raw: Parameters<typeof normalizeLaunchOptions>[0]): void {
  launch = normalizeLaunchOptions(raw);
}

export function currentLaunchOptions(): LaunchOptionsInput | undefined {
  return launch;
}
