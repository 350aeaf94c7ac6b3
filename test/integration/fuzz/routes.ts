/**
 * The routes to fuzz, read from serverless.yml's httpApi events (what API Gateway will send to each function), so a
 * route added there is fuzzed without anyone touching the fuzz test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DeployedRoute {
  /** "POST /v1/orgs/{orgId}/roles", as API Gateway names the route in the event's routeKey. */
  routeKey: string;
  method: string;
  template: string;
  /** The serverless.yml function, e.g. "orgs". */
  functionName: string;
  /** The handler's module, e.g. "functions/handlers/orgs". */
  module: string;
  pathParams: string[];
}

export const repoRoot = join(__dirname, '..', '..', '..');

/** Every httpApi event of every function in serverless.yml (a line-oriented read of the `functions:` block). */
export function deployedRoutes(file = join(repoRoot, 'serverless.yml')): DeployedRoute[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const routes: DeployedRoute[] = [];
  let inFunctions = false;
  let fn: { name: string; module?: string } | undefined;
  for (const line of lines) {
    if (/^\S/.test(line)) inFunctions = line.startsWith('functions:');
    if (!inFunctions) continue;
    const name = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (name?.[1]) fn = { name: name[1] };
    const handler = /^ {4}handler:\s*(\S+)\.handler\s*$/.exec(line);
    if (handler?.[1] && fn) fn.module = handler[1];
    const event = /httpApi:\s*\{\s*method:\s*([A-Z]+),\s*path:\s*(?:'([^']+)'|([^\s},]+))\s*\}/.exec(line);
    if (event?.[1] && fn) {
      if (!fn.module) throw new Error(`serverless.yml: function ${fn.name} has an httpApi event before its handler`);
      const template = (event[2] ?? event[3]) as string;
      routes.push({
        routeKey: `${event[1]} ${template}`,
        method: event[1],
        template,
        functionName: fn.name,
        module: fn.module,
        pathParams: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
      });
    }
  }
  return routes;
}
