/**
 * A small built-in region list for the H5 demo (the mini-program uses WeChat's own region picker, which
 * knows every region). Codes are GB/T 2260; a municipality's city level is named like WeChat's picker
 * names it (上海市 → 上海市 → 浦东新区).
 */
export interface RegionNode {
  code: string;
  name: string;
  children?: RegionNode[];
}

export const DEMO_REGIONS: RegionNode[] = [
  {
    code: '110000',
    name: '北京市',
    children: [
      {
        code: '110100',
        name: '北京市',
        children: [
          { code: '110101', name: '东城区' },
          { code: '110102', name: '西城区' },
          { code: '110105', name: '朝阳区' },
          { code: '110106', name: '丰台区' },
          { code: '110108', name: '海淀区' },
        ],
      },
    ],
  },
  {
    code: '310000',
    name: '上海市',
    children: [
      {
        code: '310100',
        name: '上海市',
        children: [
          { code: '310101', name: '黄浦区' },
          { code: '310104', name: '徐汇区' },
          { code: '310105', name: '长宁区' },
          { code: '310106', name: '静安区' },
          { code: '310115', name: '浦东新区' },
        ],
      },
    ],
  },
  {
    code: '440000',
    name: '广东省',
    children: [
      {
        code: '440100',
        name: '广州市',
        children: [
          { code: '440104', name: '越秀区' },
          { code: '440105', name: '海珠区' },
          { code: '440106', name: '天河区' },
        ],
      },
      {
        code: '440300',
        name: '深圳市',
        children: [
          { code: '440303', name: '罗湖区' },
          { code: '440304', name: '福田区' },
          { code: '440305', name: '南山区' },
        ],
      },
    ],
  },
  {
    code: '330000',
    name: '浙江省',
    children: [
      {
        code: '330100',
        name: '杭州市',
        children: [
          { code: '330102', name: '上城区' },
          { code: '330105', name: '拱墅区' },
          { code: '330106', name: '西湖区' },
          { code: '330108', name: '滨江区' },
        ],
      },
      {
        code: '330200',
        name: '宁波市',
        children: [
          { code: '330203', name: '海曙区' },
          { code: '330212', name: '鄞州区' },
        ],
      },
    ],
  },
  {
    code: '320000',
    name: '江苏省',
    children: [
      {
        code: '320100',
        name: '南京市',
        children: [
          { code: '320102', name: '玄武区' },
          { code: '320104', name: '秦淮区' },
          { code: '320106', name: '鼓楼区' },
        ],
      },
      {
        code: '320500',
        name: '苏州市',
        children: [
          { code: '320506', name: '吴中区' },
          { code: '320508', name: '姑苏区' },
        ],
      },
    ],
  },
  {
    code: '510000',
    name: '四川省',
    children: [
      {
        code: '510100',
        name: '成都市',
        children: [
          { code: '510104', name: '锦江区' },
          { code: '510105', name: '青羊区' },
          { code: '510107', name: '武侯区' },
        ],
      },
    ],
  },
];

/** The nodes of each level along the chosen codes: level 0 is the provinces, level n the children of codes[n-1]. */
export function regionColumns(codes: readonly string[], regions: readonly RegionNode[] = DEMO_REGIONS): RegionNode[][] {
  const columns: RegionNode[][] = [[...regions]];
  let level: readonly RegionNode[] = regions;
  for (const code of codes) {
    const node = level.find((candidate) => candidate.code === code);
    if (!node?.children) break;
    columns.push(node.children);
    level = node.children;
  }
  return columns;
}
