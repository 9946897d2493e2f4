/**
 * Every province, city and district of mainland China, Hong Kong, Macao and Taiwan (GB/T 2260 codes),
 * from the maintained @vant/area-data package — the same list the server checks addresses against.
 * The H5 picker loads it on first open as its own chunk, so the first screen does not carry it; the
 * mini-program uses WeChat's native region picker and never bundles it.
 */
export interface RegionNode {
  code: string;
  name: string;
  children?: RegionNode[];
}

export interface AreaList {
  province_list: Record<string, string>;
  city_list: Record<string, string>;
  county_list: Record<string, string>;
}

/** Province → city → district, each level in code order; a child belongs to the parent its code starts with. */
export function buildRegionTree(areas: AreaList): RegionNode[] {
  const byPrefix = (list: Record<string, string>, length: number) => {
    const groups = new Map<string, RegionNode[]>();
    for (const [code, name] of Object.entries(list).sort(([a], [b]) => a.localeCompare(b))) {
      const key = code.slice(0, length);
      groups.set(key, [...(groups.get(key) ?? []), { code, name }]);
    }
    return groups;
  };
  const districts = byPrefix(areas.county_list, 4);
  const cities = byPrefix(areas.city_list, 2);
  return Object.entries(areas.province_list)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, name]) => ({
      code,
      name,
      children: (cities.get(code.slice(0, 2)) ?? []).map((city) => ({ ...city, children: districts.get(city.code.slice(0, 4)) ?? [] })),
    }));
}

let loaded: Promise<RegionNode[]> | null = null;

/** The whole tree, loaded once (a separate chunk in the H5 build). */
export function loadRegions(): Promise<RegionNode[]> {
  loaded ??= import('@vant/area-data').then((module) => buildRegionTree(module.areaList));
  return loaded;
}

/** The nodes of each level along the chosen codes: level 0 is the provinces, level n the children of codes[n-1]. */
export function regionColumns(codes: readonly string[], regions: readonly RegionNode[]): RegionNode[][] {
  const columns: RegionNode[][] = [[...regions]];
  let level: readonly RegionNode[] = regions;
  for (const code of codes) {
    const node = level.find((candidate) => candidate.code === code);
    if (!node?.children || node.children.length === 0) break;
    columns.push(node.children);
    level = node.children;
  }
  return columns;
}
