import type { SearchablePerson } from '../../../../server/directory/search/search-index.js';

/** A small hand-made organisation covering every query form and every special reading. */
export const ORG: readonly SearchablePerson[] = [
  { userid: 'zhangwei', name: '张伟', title: '销售经理', email: 'zhangwei@corp.cn', mobile: '+86 138-1234-5678', jobNumber: 'E0012' },
  { userid: 'zhangsan', name: '张三', title: '软件工程师' },
  { userid: 'zhangjl', name: '张建林', title: '行政助理' },
  { userid: 'zhangwm', name: '张伟明' },
  { userid: 'zengwei', name: '曾伟', title: '财务总监' },
  { userid: 'zengxx', name: '曾小贤' },
  { userid: 'cengfeng', name: '层峰' },
  { userid: 'shanli', name: '单丽' },
  { userid: 'danhong', name: '丹红' },
  { userid: 'chanyufei', name: '单于飞' },
  { userid: 'yuchigong', name: '尉迟恭' },
  { userid: 'ouzq', name: '区志强' },
  { userid: 'piaozy', name: '朴智妍' },
  { userid: 'xiexd', name: '解晓东', orgEmail: 'xiaodong.xie@dingtalk.example' },
  { userid: 'qiujian', name: '仇建' },
  { userid: 'chandw', name: '陳大文', englishName: 'Peter Chan', email: 'peter.chan@corp.hk', telephone: '+852 2123 4567' },
  { userid: 'chenwei', name: '陈伟' },
  { userid: 'lina', name: '李娜', email: 'lina@corp.cn' },
  { userid: 'klau', name: '劉嘉玲', email: 'k.lau@corp.hk' },
  { userid: 'lisi', name: '李四', email: 'zwt@corp.cn' },
  { userid: 'wangwei', name: '王伟', email: 'wwang@corp.cn', jobNumber: '10086' },
  { userid: 'chaowei', name: '朝伟' },
  { userid: 'ouyangnn', name: '欧阳娜娜', title: '产品总监' },
  { userid: 'jsmith', name: 'John Smith', email: 'john.smith@corp.com' },
];

/** A fresh copy of ORG, so tests can mutate people freely. */
export function org(): SearchablePerson[] {
  return ORG.map((person) => ({ ...person }));
}
