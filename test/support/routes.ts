import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_KEY } from '../../src/platform/auth/auth.decorators';
import { TestApp } from './test-app';

export interface RouteInfo {
  method: string;
  path: string;
  controller: string;
  handler: string;
  permission?: string;
  isPublic: boolean;
}

export function joinPath(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return '/' + joined;
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : [value === undefined ? '' : String(value)];

/**
 * Every route of every controller, as Nest registered it (metadata on handlers and classes). The
 * access tests and the OpenAPI test are generated from this list, so a new route cannot escape them.
 */
export function walkRoutes(t: TestApp): RouteInfo[] {
  const scanner = new MetadataScanner();
  const seen = new Set<unknown>();
  const routes: RouteInfo[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!type || seen.has(type)) continue;
      seen.add(type);
      const controllerPaths = asList(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name] as object;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPath === undefined) continue; // not a route handler
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const permission =
          Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, type);
        const isPublic =
          (Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, type)) === true;
        for (const c of controllerPaths) {
          for (const m of asList(methodPath)) {
            routes.push({
              method,
              path: joinPath(c, m),
              controller: type.name,
              handler: name,
              permission,
              isPublic,
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');
