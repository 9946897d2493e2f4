import type { ProductRole, ProductStatus, TierCode } from '@siyu/shared';

/**
 * The demo brand 思语优选 (health food and daily goods): data only, seeded once by seed-catalog.ts.
 * Money is integer fen. Every on_sale SKU sells above cost; tier prices undercut the private price.
 */

export interface DemoSku {
  specs: Record<string, string>;
  publicPriceFen: number;
  privatePriceFen: number;
  costPriceFen: number;
  stock: number;
  tierPrices?: Partial<Record<TierCode, number>>;
  purchaseLimit?: number;
}

export interface DemoProduct {
  /** Names the product and its generated pictures (demo-images.ts). */
  slug: string;
  title: string;
  subtitle: string;
  role: ProductRole;
  status?: ProductStatus;
  salesCount: number;
  /** Markdown lines. */
  description: string[];
  skus: DemoSku[];
}

export interface DemoCategory {
  name: string;
  children: { name: string; products: DemoProduct[] }[];
}

/** One SKU: specs, public / private / cost price in fen, stock, then the optional extras. */
function sku(
  specs: Record<string, string>,
  prices: [number, number, number],
  stock: number,
  extra: Omit<DemoSku, 'specs' | 'publicPriceFen' | 'privatePriceFen' | 'costPriceFen' | 'stock'> = {},
): DemoSku {
  const [publicPriceFen, privatePriceFen, costPriceFen] = prices;
  return { specs, publicPriceFen, privatePriceFen, costPriceFen, stock, ...extra };
}

/** Trial packs (引流品): ¥9.9, a small margin, limited per member. */
function trial(
  slug: string,
  title: string,
  subtitle: string,
  specs: Record<string, string>,
  costPriceFen: number,
  stock: number,
  salesCount: number,
): DemoProduct {
  return {
    slug,
    title,
    subtitle,
    role: 'traffic',
    salesCount,
    description: ['**新人专享尝鲜价**，每位会员限购 2 件。', '', '- 小份量，先试再囤', '- 全国包邮（偏远地区除外）'],
    skus: [sku(specs, [1990, 990, costPriceFen], stock, { purchaseLimit: 2 })],
  };
}

const GOLD_UP = (gold: number, platinum: number, diamond: number) => ({ tierPrices: { gold, platinum, diamond } });

export const DEMO_CATALOG: readonly DemoCategory[] = [
  {
    name: '乳品饮品',
    children: [
      {
        name: '低脂牛奶',
        products: [
          {
            slug: 'lowfat-milk-12',
            title: '低脂高钙纯牛奶',
            subtitle: '每100ml含钙125mg，脂肪减半',
            role: 'hero',
            salesCount: 12840,
            description: ['**生牛乳单一配料**，低脂 1.5g/100ml。', '', '- 北纬 40° 牧场奶源', '- 常温保存 6 个月', '- 早餐、健身后都合适'],
            skus: [
              sku({ 规格: '250ml×12盒' }, [7900, 5500, 2750], 860, GOLD_UP(5200, 4990, 4800)),
              sku({ 规格: '250ml×24盒' }, [15000, 10500, 5400], 320, GOLD_UP(9900, 9600, 9300)),
            ],
          },
          {
            slug: 'skim-milk-1l',
            title: '脱脂纯牛奶 1L×6瓶',
            subtitle: '0脂肪，蛋白质 3.6g/100ml',
            role: 'hero',
            salesCount: 5320,
            description: ['**0 脂肪**也有醇厚奶香。', '', '- 巴氏杀菌工艺', '- 开盖后请冷藏并 3 天内饮用'],
            skus: [sku({ 规格: '1L×6瓶' }, [8900, 6900, 3900], 410)],
          },
          trial('lowfat-milk-trial', '低脂牛奶尝鲜装 250ml×3盒', '9.9元试喝，喝过再囤', { 规格: '250ml×3盒' }, 820, 2000, 35210),
        ],
      },
      {
        name: '酸奶',
        products: [
          {
            slug: 'greek-yogurt',
            title: '0蔗糖希腊酸奶 100g×8杯',
            subtitle: '高蛋白，浓稠可挖',
            role: 'hero',
            salesCount: 9860,
            description: ['每杯蛋白质 **8.5g**，不添加蔗糖。', '', '- 需冷藏 2–6℃', '- 保质期 21 天'],
            skus: [sku({ 口味: '原味' }, [5900, 3990, 2100], 540, GOLD_UP(3790, 3690, 3590)), sku({ 口味: '蓝莓' }, [5900, 3990, 2200], 0)],
          },
          {
            slug: 'probiotic-yogurt',
            title: '益生菌风味发酵乳 1kg',
            subtitle: '家庭分享装，添加 5 种益生菌',
            role: 'profit',
            salesCount: 2310,
            description: ['**每 100g 活菌数 ≥ 1×10⁸ CFU**。', '', '- 冷链配送', '- 适合搭配麦片与水果'],
            skus: [sku({ 规格: '1kg' }, [3990, 2990, 1350], 180)],
          },
          trial('yogurt-trial', '希腊酸奶尝鲜杯 2杯装', '新人专享，限购 2 件', { 规格: '100g×2杯' }, 760, 1200, 18450),
        ],
      },
      {
        name: '植物饮品',
        products: [
          {
            slug: 'oat-milk-barista',
            title: '咖啡大师燕麦奶 1L×6瓶',
            subtitle: '打奶泡细腻，咖啡馆同款',
            role: 'hero',
            salesCount: 7420,
            description: ['**植物基，0 乳糖**。', '', '- 可直接饮用或搭配咖啡', '- 常温保存 9 个月'],
            skus: [sku({ 规格: '1L×6瓶' }, [9900, 7490, 3800], 300, GOLD_UP(7190, 6990, 6790))],
          },
          {
            slug: 'soy-powder',
            title: '无糖黑豆浆粉 30g×20条',
            subtitle: '冲一杯就是现磨口感',
            role: 'profit',
            salesCount: 3150,
            description: ['**非转基因黑豆**，无蔗糖添加。', '', '- 独立小条装，办公室随手冲'],
            skus: [sku({ 规格: '30g×20条' }, [6900, 4990, 1900], 260)],
          },
          {
            slug: 'coconut-water',
            title: '100%椰子水 330ml×12瓶',
            subtitle: '泰国香水椰，补充电解质',
            role: 'hero',
            salesCount: 6080,
            description: ['**只有椰子水**，不加糖不加水。', '', '- 运动后补水首选'],
            skus: [sku({ 规格: '330ml×12瓶' }, [8900, 6490, 3600], 0)],
          },
        ],
      },
    ],
  },
  {
    name: '谷物早餐',
    children: [
      {
        name: '燕麦麦片',
        products: [
          {
            slug: 'rolled-oats',
            title: '高纤即食燕麦片',
            subtitle: '澳洲燕麦，3 分钟一碗热早餐',
            role: 'hero',
            salesCount: 11230,
            description: ['**膳食纤维 10g/100g**，无添加糖。', '', '- 开水冲泡或煮 3 分钟', '- 搭配牛奶、酸奶都好吃'],
            skus: [sku({ 规格: '1kg' }, [3990, 2590, 1200], 980, GOLD_UP(2490, 2390, 2290)), sku({ 规格: '1kg×2袋' }, [7980, 4990, 2400], 420)],
          },
          {
            slug: 'fruit-granola',
            title: '烘焙水果麦片 500g',
            subtitle: '大块果干，酥脆不甜腻',
            role: 'profit',
            salesCount: 4210,
            description: ['**低温烘焙**，保留燕麦香气。', '', '- 冻干草莓、酸奶块可选'],
            skus: [sku({ 口味: '冻干草莓' }, [5900, 3990, 1700], 230), sku({ 口味: '酸奶块' }, [5900, 3990, 1750], 190)],
          },
          trial('oats-trial', '燕麦片体验装 40g×5袋', '一周早餐试吃装', { 规格: '40g×5袋' }, 690, 1500, 22170),
        ],
      },
      {
        name: '全麦烘焙',
        products: [
          {
            slug: 'wholewheat-toast',
            title: '100%全麦吐司 400g',
            subtitle: '无蔗糖，真全麦看得见',
            role: 'hero',
            salesCount: 8930,
            description: ['**全麦粉占比 100%**，配料表干净。', '', '- 保质期 7 天，收到后冷冻更久'],
            skus: [sku({ 规格: '400g' }, [2490, 1690, 820], 360, GOLD_UP(1590, 1550, 1490))],
          },
          {
            slug: 'rye-bagel',
            title: '黑麦贝果 4只装',
            subtitle: '嚼劲十足的健身早餐',
            role: 'profit',
            status: 'draft',
            salesCount: 0,
            description: ['**新品筹备中**。', '', '- 黑麦 + 全麦双谷物'],
            skus: [sku({ 规格: '4只装' }, [3290, 2490, 1100], 0)],
          },
          {
            slug: 'soda-crackers',
            title: '全麦苏打饼干 400g',
            subtitle: '咸香酥脆，饱腹代餐',
            role: 'profit',
            salesCount: 3620,
            description: ['**非油炸**，每片独立包装。', '', '- 办公室零食抽屉常备'],
            skus: [sku({ 口味: '海苔' }, [2990, 1990, 860], 440), sku({ 口味: '原味' }, [2990, 1990, 820], 510)],
          },
        ],
      },
    ],
  },
  {
    name: '坚果零食',
    children: [
      {
        name: '每日坚果',
        products: [
          {
            slug: 'daily-nuts',
            title: '每日坚果',
            subtitle: '6 种坚果果干科学配比',
            role: 'hero',
            salesCount: 15670,
            description: ['**坚果占比 ≥ 70%**，一天一包刚刚好。', '', '- 氮气锁鲜', '- 巴旦木、腰果、榛子、核桃、蔓越莓、蓝莓干'],
            skus: [sku({ 规格: '25g×30包' }, [16900, 11900, 6200], 640, GOLD_UP(11500, 11200, 10900)), sku({ 规格: '25g×7包' }, [4490, 2990, 1500], 880)],
          },
          trial('daily-nuts-trial', '每日坚果尝鲜装 25g×3包', '9.9元尝 3 天', { 规格: '25g×3包' }, 880, 2600, 41320),
          {
            slug: 'almonds',
            title: '原味巴旦木 500g',
            subtitle: '无盐烘焙，颗颗饱满',
            role: 'profit',
            salesCount: 2980,
            description: ['**美国加州巴旦木**，低温烘焙不加盐。'],
            skus: [sku({ 规格: '500g' }, [8900, 6490, 2900], 210)],
          },
        ],
      },
      {
        name: '果干',
        products: [
          {
            slug: 'fd-strawberry',
            title: '冻干草莓脆 30g×6袋',
            subtitle: '0 添加，一口酥脆',
            role: 'profit',
            salesCount: 3470,
            description: ['**真空冻干**，保留草莓原色原味。'],
            skus: [sku({ 规格: '30g×6袋' }, [6900, 4990, 2100], 150)],
          },
          {
            slug: 'dried-mango',
            title: '无添加芒果干',
            subtitle: '厚切果肉，自然酸甜',
            role: 'hero',
            salesCount: 7810,
            description: ['**只有芒果**，不加糖不加防腐剂。'],
            skus: [sku({ 规格: '200g' }, [3990, 2590, 1300], 0), sku({ 规格: '200g×3袋' }, [11970, 7290, 3900], 0)],
          },
          {
            slug: 'cranberries',
            title: '整颗蔓越莓干 250g',
            subtitle: '换季调整，暂停售卖',
            role: 'profit',
            status: 'off_sale',
            salesCount: 1290,
            description: ['**加拿大蔓越莓**，整颗低温烘干。'],
            skus: [sku({ 规格: '250g' }, [3590, 2490, 1100], 60)],
          },
        ],
      },
    ],
  },
  {
    name: '营养滋补',
    children: [
      {
        name: '蛋白营养',
        products: [
          {
            slug: 'whey-protein',
            title: '乳清蛋白粉 900g',
            subtitle: '每份 24g 蛋白质，易溶不结块',
            role: 'profit',
            salesCount: 4260,
            description: ['**浓缩 + 分离乳清**双蛋白。', '', '- 健身后 30 分钟内饮用', '- 每罐约 30 份'],
            skus: [
              sku({ 口味: '香草' }, [32900, 25900, 12800], 160, GOLD_UP(24900, 23900, 22900)),
              sku({ 口味: '巧克力' }, [32900, 25900, 12900], 140, GOLD_UP(24900, 23900, 22900)),
            ],
          },
          {
            slug: 'plant-protein',
            title: '豌豆植物蛋白粉 600g',
            subtitle: '乳糖不耐也能放心喝',
            role: 'profit',
            salesCount: 1730,
            description: ['**豌豆蛋白 + 糙米蛋白**，氨基酸互补。'],
            skus: [sku({ 规格: '600g' }, [22900, 17900, 8600], 90)],
          },
          {
            slug: 'protein-bar',
            title: '低糖蛋白棒 6支装',
            subtitle: '每支 20g 蛋白，饿了就来一根',
            role: 'hero',
            salesCount: 8650,
            description: ['**低 GI**，不含代糖苦味。'],
            skus: [
              sku({ 口味: '花生巧克力' }, [8900, 5990, 2800], 380),
              sku({ 口味: '海盐焦糖' }, [8900, 5990, 2800], 0),
              sku({ 口味: '椰香' }, [8900, 5990, 2700], 210),
            ],
          },
        ],
      },
      {
        name: '滋补养生',
        products: [
          {
            slug: 'birds-nest',
            title: '即食鲜炖燕窝 45g×6瓶',
            subtitle: '每瓶干燕窝含量 ≥ 3g',
            role: 'profit',
            salesCount: 1560,
            description: ['**马来西亚溯源燕窝**，冰糖少量。', '', '- 冷藏饮用口感更佳'],
            skus: [sku({ 规格: '45g×6瓶' }, [49800, 36800, 17500], 80, GOLD_UP(35800, 34800, 33800))],
          },
          trial('jujube-tea', '红枣枸杞茶 10袋', '暖暖一杯，9.9元尝鲜', { 规格: '10袋' }, 540, 1800, 19870),
          {
            slug: 'sesame-balls',
            title: '九蒸九晒黑芝麻丸 9g×30粒',
            subtitle: '每天 2 粒，吃出好气色',
            role: 'hero',
            salesCount: 10240,
            description: ['**黑芝麻含量 ≥ 70%**，不加蔗糖。'],
            skus: [sku({ 规格: '30粒' }, [6900, 4590, 2100], 720, GOLD_UP(4390, 4290, 4190)), sku({ 规格: '90粒' }, [19800, 11900, 6000], 260)],
          },
        ],
      },
    ],
  },
  {
    name: '礼盒专区',
    children: [
      {
        name: '节日礼盒',
        products: [
          {
            slug: 'nuts-gift-box',
            title: '臻选坚果礼盒 1.2kg',
            subtitle: '8 种坚果，送长辈送客户都体面',
            role: 'profit',
            salesCount: 2340,
            description: ['**礼盒含手提袋**，可代写贺卡。', '', '- 8 罐装，每罐 150g'],
            skus: [sku({ 规格: '1.2kg' }, [39800, 29800, 16500], 150, GOLD_UP(28800, 27800, 26800))],
          },
          {
            slug: 'breakfast-gift-box',
            title: '营养早餐礼盒',
            subtitle: '牛奶 + 麦片 + 坚果，一盒开启好早晨',
            role: 'profit',
            salesCount: 980,
            description: ['**一份礼盒，一个月早餐**。'],
            skus: [sku({ 规格: '标准款' }, [49800, 39800, 21000], 60)],
          },
          {
            slug: 'birds-nest-gift',
            title: '臻品燕窝礼盒',
            subtitle: '12 瓶装，高端送礼首选',
            role: 'profit',
            salesCount: 640,
            description: ['**尊享礼盒装**，附赠保温袋。'],
            skus: [sku({ 规格: '45g×12瓶' }, [79800, 59800, 33000], 40, GOLD_UP(57800, 56800, 55800))],
          },
        ],
      },
      {
        name: '企业团购',
        products: [
          {
            slug: 'staff-gift-a',
            title: '员工福利礼盒A款',
            subtitle: '30 份起订，可定制腰封',
            role: 'profit',
            salesCount: 410,
            description: ['**企业采购专线**：下单后客服联系确认定制内容。'],
            skus: [sku({ 规格: 'A款' }, [38800, 32800, 19800], 500, { purchaseLimit: 200 })],
          },
          {
            slug: 'tea-break-box',
            title: '健康下午茶团购箱',
            subtitle: '20 人份，坚果 + 酸奶 + 蛋白棒',
            role: 'profit',
            salesCount: 760,
            description: ['**办公室下午茶**，工作日次日达。'],
            skus: [sku({ 规格: '20人份' }, [39800, 29800, 17800], 120), sku({ 规格: '50人份' }, [89800, 69800, 42000], 40)],
          },
          {
            slug: 'mid-autumn-gift',
            title: '中秋团购礼盒',
            subtitle: '季节限定，筹备中',
            role: 'profit',
            status: 'draft',
            salesCount: 0,
            description: ['**中秋限定**，即将上线。'],
            skus: [sku({ 规格: '标准款' }, [45800, 35800, 19000], 0)],
          },
        ],
      },
    ],
  },
  {
    name: '家居日用',
    children: [
      {
        name: '厨房清洁',
        products: [
          {
            slug: 'dish-soap',
            title: '植萃洗洁精 1kg×2瓶',
            subtitle: '食品级配方，洗果蔬也安心',
            role: 'hero',
            salesCount: 9120,
            description: ['**柚子皮萃取**，不伤手。'],
            skus: [sku({ 规格: '1kg×2瓶' }, [3990, 2690, 1200], 760, GOLD_UP(2590, 2490, 2390))],
          },
          trial('bamboo-cloth', '竹纤维抹布 10片', '吸水不掉毛，9.9元试用', { 规格: '10片' }, 450, 3000, 27650),
          {
            slug: 'kitchen-wipes',
            title: '厨房去油湿巾 80抽×3包',
            subtitle: '一擦即净，免洗手',
            role: 'profit',
            salesCount: 3380,
            description: ['**加厚珍珠纹**，重油污轻松擦。'],
            skus: [sku({ 规格: '80抽×3包' }, [3590, 2290, 950], 420)],
          },
        ],
      },
      {
        name: '个人护理',
        products: [
          {
            slug: 'hand-wash',
            title: '氨基酸泡沫洗手液 500ml',
            subtitle: '温和洁净，儿童可用',
            role: 'hero',
            salesCount: 6540,
            description: ['**氨基酸表活**，pH 弱酸性。'],
            skus: [sku({ 香型: '白茶' }, [3990, 2490, 1100], 330), sku({ 香型: '柠檬' }, [3990, 2490, 1100], 290)],
          },
          {
            slug: 'tissue',
            title: '原生竹浆抽纸 100抽×24包',
            subtitle: '整箱囤货，3 层加厚',
            role: 'hero',
            salesCount: 14350,
            description: ['**不漂白竹浆**，柔韧不掉屑。'],
            skus: [sku({ 规格: '24包' }, [5990, 3990, 2200], 900, GOLD_UP(3790, 3690, 3590))],
          },
          trial('travel-wipes', '便携消毒湿巾 10片×5包', '出门必备，9.9元尝鲜', { 规格: '10片×5包' }, 520, 2200, 16230),
          {
            slug: 'hand-cream',
            title: '乳木果护手霜 3支装',
            subtitle: '秋冬滋润，不油不黏',
            role: 'profit',
            salesCount: 2870,
            description: ['**乳木果油 5%**，随身 30g 小支装。'],
            skus: [sku({ 规格: '30g×3支' }, [8900, 5900, 1800], 240)],
          },
        ],
      },
    ],
  },
];
