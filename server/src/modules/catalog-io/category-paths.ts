import type { Category } from '@siyu/shared';

/** Category paths as the CSV writes them ("饮品/果蔬汁"), both ways. */
export interface CategoryPaths {
  byId: Map<number, string>;
  byPath: Map<string, number>;
}

/** Paths of a two-level category tree. */
export function categoryPaths(tree: readonly (Category & { children: Category[] })[]): CategoryPaths {
  const byId = new Map<number, string>();
  for (const root of tree) {
    byId.set(root.id, root.name);
    for (const child of root.children) byId.set(child.id, `${root.name}/${child.name}`);
  }
  return { byId, byPath: new Map([...byId].map(([id, path]) => [path, id])) };
}
