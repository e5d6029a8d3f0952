import assert from 'node:assert/strict';
import { generateDemoOrganisation } from '../../../../server/sandbox/dingtalk/demo-org.js';
import { SPECIAL_SURNAMES } from '../../../../server/sandbox/dingtalk/demo-names.js';
import { parseOrgDocument, type OrgDocument } from '../../../../server/sandbox/dingtalk/org-document.js';

describe('server/sandbox/dingtalk/demo-org', () => {
  let org: OrgDocument;
  before(() => {
    org = generateDemoOrganisation();
  });
  const byName = (name: string) => org.users.filter((u) => u.name === name);
  const dept = (name: string) => org.departments.find((d) => d.name === name);
  const english = (extension: string | undefined): string | undefined =>
    extension === undefined ? undefined : (JSON.parse(extension) as Record<string, string>)['英文名'];

  it('is deterministic: the same seed gives the same org, another seed a different one', () => {
    assert.deepEqual(generateDemoOrganisation(), org);
    assert.notDeepEqual(generateDemoOrganisation({ seed: 99 }).users.map((u) => u.name), org.users.map((u) => u.name));
  });

  it('has 2,000 people by default and is a valid org document', () => {
    assert.equal(org.users.length, 2000);
    assert.doesNotThrow(() => parseOrgDocument(org));
  });

  it('has the headquarters with its departments and the three branches', () => {
    const hq = dept('北京总部');
    assert.equal(hq?.parent_id, 1);
    for (const name of ['销售部', '研发部', '市场部', '财务部', '人力资源部', '法务部']) {
      assert.ok(org.departments.some((d) => d.name === name && d.parent_id === hq?.dept_id), name);
    }
    const rnd = org.departments.find((d) => d.name === '研发部' && d.parent_id === hq?.dept_id);
    assert.ok(org.departments.filter((d) => d.parent_id === rnd?.dept_id).length >= 3, '研发部 has sub-teams');
    for (const name of ['上海分公司', '深圳分公司', '香港分公司']) assert.equal(dept(name)?.parent_id, 1, name);
  });

  it('contains 张伟 the 销售经理, and numbers colliding email local parts', () => {
    const zhangwei = byName('张伟');
    assert.ok(zhangwei.some((u) => u.title === '销售经理'));
    const emails = zhangwei.map((u) => u.email);
    assert.ok(emails.includes('zhangwei@dingdemo.example.com'));
    assert.ok(emails.includes('zhangwei2@dingdemo.example.com'));
  });

  it('staffs the Hong Kong branch with traditional-character names and English names', () => {
    const hk = dept('香港分公司')!;
    const hkDepts = new Set(org.departments.filter((d) => d.parent_id === hk.dept_id).map((d) => d.dept_id));
    const people = org.users.filter((u) => hkDepts.has(u.dept_id_list[0] ?? 0));
    assert.ok(people.length >= 50);
    assert.equal(english(byName('陳大文')[0]?.extension), 'Peter Chan');
    assert.equal(byName('黃志明').length, 1);
    assert.ok(people.every((u) => english(u.extension) !== undefined), 'every HK person has an English name');
    assert.ok(people.every((u) => u.mobile?.startsWith('+852-')));
    assert.ok(people.filter((u) => /[陳黃張劉鄭區羅麥譚葉吳馬]/.test(u.name)).length > people.length / 3, 'traditional surnames');
  });

  it('has every special-reading surname several times', () => {
    for (const surname of SPECIAL_SURNAMES) {
      const count = org.users.filter((u) => u.name.startsWith(surname)).length;
      assert.ok(count >= 3, `${surname}: ${count}`);
    }
    const shan = org.users.find((u) => u.name.startsWith('单'));
    assert.match(shan?.email ?? '', /^shan/, '单 reads shan as a surname');
    const yuchi = org.users.find((u) => u.name.startsWith('尉迟'));
    assert.match(yuchi?.email ?? '', /^yuchi/);
  });

  it('has project groups whose members belong to two departments', () => {
    const projects = dept('项目组')!;
    const groups = new Set(org.departments.filter((d) => d.parent_id === projects.dept_id).map((d) => d.dept_id));
    const members = org.users.filter((u) => u.dept_id_list.some((id) => groups.has(id)));
    assert.ok(groups.size >= 3);
    assert.ok(members.length >= 12);
    assert.ok(members.every((u) => u.dept_id_list.length === 2));
  });

  it('has titles, leaders, managers, one senior, hidden mobiles and visibility settings', () => {
    const titles = new Set(org.users.map((u) => u.title));
    for (const title of ['经理', '销售经理', '总监', '研发总监', '总经理', '工程师', '助理']) assert.ok(titles.has(title), title);
    assert.equal(org.users.filter((u) => u.senior === true).length, 1);
    assert.ok(org.users.filter((u) => u.hide_mobile === true).length > 10);
    assert.ok(org.users.filter((u) => u.manager_userid !== undefined).length > 1900);
    assert.ok(org.users.filter((u) => u.org_email !== undefined).length > 100);
    assert.ok(org.users.every((u) => /^(\+86-1\d{10}|\+852-\d{8})$/.test(u.mobile ?? '')));
    assert.ok(org.users.every((u) => typeof u.job_number === 'string' && typeof u.hired_date === 'number'));
    assert.ok(org.departments.some((d) => d.hide_dept === true));
    assert.ok(org.departments.filter((d) => d.outer_dept === true).length >= 2);
    assert.ok(org.departments.filter((d) => (d.dept_manager_userid_list?.length ?? 0) > 0).length > 20);
  });

  it('scales to 100,000 people with about 100 people per department', function () {
    this.timeout(60_000);
    const big = generateDemoOrganisation({ people: 100_000 });
    assert.equal(big.users.length, 100_000);
    assert.ok(big.departments.length > 800 && big.departments.length < 1500, `${big.departments.length} departments`);
    assert.equal(new Set(big.users.map((u) => u.email)).size, 100_000, 'emails are unique');
    assert.equal(new Set(big.users.map((u) => u.mobile)).size, 100_000, 'mobiles are unique');
  });

  it('works for tiny organisations too', () => {
    assert.doesNotThrow(() => parseOrgDocument(generateDemoOrganisation({ people: 3 })));
    assert.throws(() => generateDemoOrganisation({ people: 0 }), RangeError);
  });
});
