/** Required environment, read through one checked getter: a missing variable fails at start-up, by name. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export const stage = (): string => requiredEnv('STAGE');
export const isDemoLoginEnabled = (): boolean => process.env.DEMO_LOGIN === 'on' && process.env.STAGE !== 'prod';
