import { isApiRequest, routedPath } from './request-context';

describe('routedPath and isApiRequest', () => {
  it('use the route the router matched, whatever the raw URL', () => {
    const req = { url: '/%61pi/cases/1', routeOptions: { url: '/api/cases/:id' } };
    expect(routedPath(req)).toBe('/api/cases/:id');
    expect(isApiRequest(req)).toBe(true);
    expect(isApiRequest({ url: '/api-ish', routeOptions: { url: '/cases/:id' } })).toBe(false);
  });

  it.each([
    ['/%61pi/cases', '/api/cases', true],
    ['/%2561pi/cases', '/api/cases', true],
    ['//api//cases', '/api/cases', true],
    ['/api/../api/cases?x=1', '/api/cases', true],
    ['/./API/Cases', '/api/cases', true],
    ['/api\\..\\cases', '/cases', false],
    ['/api/%2e%2e/cases', '/cases', false],
    ['/apiary', '/apiary', false],
    ['/%E0%A4%A', '/%e0%a4%a', false],
  ])('normalise an unmatched %s to %s', (url, path, api) => {
    expect(routedPath({ url })).toBe(path);
    expect(isApiRequest({ url })).toBe(api);
  });
});
