import { useMemo } from 'react';
import { catalogApi } from '../api/catalog';
import type { CategoryTreeNode } from '../api/types';
import { useApiData } from './use-api-data';

export interface Categories {
  tree: CategoryTreeNode[];
  isLoading: boolean;
  /** "饮品/果蔬汁" for a category id ("#12" when unknown). */
  pathOf(categoryId: number): string;
  /** TreeSelect data: top-level categories with their children. */
  treeSelectData: { value: number; title: string; children: { value: number; title: string }[] }[];
  reload(): void;
}

/** The two-level category tree with the lookups the catalog pages need. */
export function useCategories(): Categories {
  const { data, isLoading, reload } = useApiData(() => catalogApi.categories(), []);
  return useMemo(() => {
    const tree = data ?? [];
    const paths = new Map<number, string>();
    for (const root of tree) {
      paths.set(root.id, root.name);
      for (const child of root.children) paths.set(child.id, `${root.name}/${child.name}`);
    }
    return {
      tree,
      isLoading,
      pathOf: (categoryId) => paths.get(categoryId) ?? `#${categoryId}`,
      treeSelectData: tree.map((root) => ({
        value: root.id,
        title: root.name,
        children: root.children.map((child) => ({ value: child.id, title: child.name })),
      })),
      reload,
    };
  }, [data, isLoading, reload]);
}
