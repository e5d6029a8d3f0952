/**
 * Name and title material for the demo organisation (demo-org.ts). Plain data; the generator picks from it
 * with a seeded PRNG.
 */

/** Common mainland surnames, most frequent first (the first ones are picked more often). */
export const COMMON_SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '肖', '田', '董', '袁', '潘', '蒋', '蔡', '余', '杜',
  '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金', '石', '廖',
  '贾', '夏', '韦', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '段', '雷', '侯', '龙', '史', '陶', '黎',
  '贺', '顾', '毛', '郝', '龚', '邵', '万', '钱', '严', '武', '戴', '莫', '孔', '向', '汤', '常', '温', '康', '施', '文',
] as const;

/**
 * Surnames whose reading differs from the character's common reading, or compound surnames: the directory's
 * pinyin search must get them right (曾 zēng, 单 shàn, 区 ōu, 朴 piáo, 解 xiè, 仇 qiú, 尉迟 yùchí …).
 */
export const SPECIAL_SURNAMES = ['曾', '单', '区', '朴', '解', '仇', '尉迟', '欧阳', '司马', '诸葛'] as const;

/** Characters for mainland given names (one or two are drawn). */
export const GIVEN_CHARS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚',
  '子', '浩', '宇', '轩', '欣', '怡', '梓', '涵', '晨', '雨', '思', '佳', '俊', '博', '文', '嘉', '一', '诗', '可', '若',
  '志', '建', '国', '海', '华', '丹', '婷', '玲', '鹏', '飞', '辉', '斌', '琳', '晓', '立', '春', '红', '云', '峰', '亮',
  '慧', '颖', '倩', '雪', '梅', '兰', '凤', '新', '宁', '瑞', '翔', '凯', '然', '楠', '鑫', '阳', '昊', '天', '泽', '萱',
] as const;

/** Hong Kong surnames in traditional characters with their Cantonese romanisation (as used in English names). */
export const HK_SURNAMES = [
  ['陳', 'Chan'], ['黃', 'Wong'], ['李', 'Lee'], ['張', 'Cheung'], ['梁', 'Leung'], ['林', 'Lam'], ['何', 'Ho'],
  ['吳', 'Ng'], ['劉', 'Lau'], ['鄭', 'Cheng'], ['區', 'Au'], ['曾', 'Tsang'], ['王', 'Wong'], ['周', 'Chow'],
  ['馬', 'Ma'], ['郭', 'Kwok'], ['羅', 'Law'], ['麥', 'Mak'], ['譚', 'Tam'], ['葉', 'Yip'],
] as const;

/** Hong Kong given names in traditional characters. */
export const HK_GIVEN_NAMES = [
  '大文', '志明', '嘉欣', '家豪', '詠詩', '俊傑', '美玲', '偉倫', '曉彤', '子軒', '凱琳', '浩然', '慧敏', '國強',
  '淑儀', '建華', '柏豪', '穎欣', '思穎', '永康', '麗華', '錦輝', '寶儀', '振邦',
] as const;

export const ENGLISH_GIVEN_NAMES = [
  'Peter', 'Mary', 'John', 'Karen', 'Kelvin', 'Winnie', 'Alex', 'Ivy', 'Jason', 'Cindy', 'Eric', 'Fiona', 'Tony',
  'Gigi', 'Raymond', 'Carmen', 'Samuel', 'Vivian', 'Michael', 'Joyce', 'Kenneth', 'Priscilla', 'Edmond', 'Queenie',
  'Wilson', 'Cherry', 'Kevin', 'Grace', 'David', 'Helen',
] as const;

/** Kinds of department; they decide staff titles and leader titles. */
export type DeptKind =
  | 'root' | 'branch' | 'exec' | 'sales' | 'rnd' | 'product' | 'market' | 'finance' | 'hr' | 'legal' | 'admin'
  | 'service' | 'board' | 'outsource' | 'project';

/** Staff titles by department kind (mainland, simplified). Repeats weight the draw. */
export const STAFF_TITLES: Record<DeptKind, readonly string[]> = {
  root: ['助理'],
  branch: ['助理'],
  exec: ['助理', '秘书', '总经理助理'],
  sales: ['销售代表', '销售代表', '客户经理', '销售经理', '销售助理'],
  rnd: ['工程师', '工程师', '高级工程师', '高级工程师', '资深工程师', '架构师'],
  product: ['产品经理', '高级产品经理', '交互设计师', '视觉设计师'],
  market: ['市场专员', '品牌经理', '市场经理', '新媒体运营'],
  finance: ['会计', '出纳', '财务分析师', '财务经理'],
  hr: ['人力资源专员', '招聘专员', '培训专员', '薪酬福利专员'],
  legal: ['法务专员', '律师', '合规经理'],
  admin: ['行政专员', '前台', '助理'],
  service: ['客服专员', '客服专员', '客服主管'],
  board: ['董事会秘书', '证券事务代表'],
  outsource: ['外包工程师', '驻场工程师'],
  project: ['工程师'],
};

/** Titles of a department's leader, by kind: [leader of a top department, leader of a team]. */
export const LEADER_TITLES: Record<DeptKind, readonly [string, string]> = {
  root: ['总经理', '总经理'],
  branch: ['总经理', '总经理'],
  exec: ['办公室主任', '办公室主任'],
  sales: ['销售总监', '销售经理'],
  rnd: ['研发总监', '经理'],
  product: ['产品总监', '产品经理'],
  market: ['市场总监', '市场经理'],
  finance: ['财务总监', '财务经理'],
  hr: ['人力资源总监', '经理'],
  legal: ['总监', '经理'],
  admin: ['行政经理', '经理'],
  service: ['客服经理', '客服主管'],
  board: ['董事会秘书', '董事会秘书'],
  outsource: ['项目经理', '项目经理'],
  project: ['项目经理', '项目经理'],
};

/** Hong Kong titles (traditional characters). */
export const HK_STAFF_TITLES: Partial<Record<DeptKind, readonly string[]>> = {
  sales: ['銷售代表', '銷售代表', '客戶經理', '銷售助理'],
  admin: ['行政主任', '助理', '文員'],
};
export const HK_LEADER_TITLES: Partial<Record<DeptKind, string>> = { sales: '銷售經理', admin: '行政經理' };

/** Extra titles for specialised R&D teams (by team name), mixed with the generic R&D titles. */
export const TEAM_TITLES: Record<string, readonly string[]> = {
  前端组: ['前端工程师'],
  后端组: ['后端工程师'],
  测试组: ['测试工程师'],
  移动端组: ['移动端工程师'],
  算法组: ['算法工程师'],
  运维组: ['运维工程师'],
};

export const PROJECT_GROUP_NAMES = ['星火项目组', '北斗项目组', '远航项目组', '天枢项目组', '鲲鹏项目组', '磐石项目组'] as const;
