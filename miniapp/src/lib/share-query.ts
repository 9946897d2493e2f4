/** What a share carries: the page's own query plus who shared it (`from`, the member id; attribution comes later). */
export function shareQuery(params: Record<string, string | number>, sharerId: number | null): string {
  const entries = Object.entries(params).map(([key, value]) => [key, String(value)] as const);
  if (sharerId !== null) entries.push(['from', String(sharerId)]);
  return entries.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
}
