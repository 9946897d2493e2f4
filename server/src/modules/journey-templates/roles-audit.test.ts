import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import { testDrivers } from '../../testing/drivers';
import { createMemberDirect, createStaff, loginMember, type TestMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { definitionOf, inappStep } from '../journeys/test-factories';
import { ensureDefaultSmsTemplates } from '../sms';
import { createStaffTask } from '../staff-tasks/service';

/**
 * Issue 15's staff-role rules across its admin routes, in one place: every write (journeys, templates,
 * campaigns, tasks) is refused to analysts (read-only) and service staff (no journeys:write) and to member
 * tokens, writing nothing; the same writes by an operator each leave one audit row naming the operator.
 */
describe.each(testDrivers())('journeys, templates, campaigns and tasks: roles and audit (%s)', (driver) => {
  let t: TestApp;
  let operator: TestStaff;
  let analyst: TestStaff;
  let service: TestStaff;
  let member: TestMember;

  beforeAll(async () => {
    t = await createTestApp(driver);
    operator = await createStaff(t, 'operator');
    analyst = await createStaff(t, 'analyst');
    service = await createStaff(t, 'service');
    member = await loginMember(t);
    await ensureDefaultSmsTemplates(t.deps.db);
  });
  afterAll(() => t.close());

  const definition = definitionOf([inappStep('s', null)]);
  const campaignBody = () => ({
    name: '权限测试',
    kind: 'broadcast',
    segmentId: null,
    scheduledAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    content: { channel: 'inapp', template: 'text', variables: { title: '上新', content: '新品到了' }, link: null },
  });
  const counts = async () => {
    const [row] = await queryRows<{ journeys: number; campaigns: number; audits: number; closed: number }>(
      t.deps.db,
      sql`select (select count(*)::int from journeys) as journeys, (select count(*)::int from campaigns) as campaigns,
        (select count(*)::int from audit_log) as audits, (select count(*)::int from staff_tasks where status <> 'open') as closed`,
    );
    return row!;
  };
  const send = (method: 'post' | 'put', path: string, auth: Record<string, string>, body: unknown = {}) => {
    const request = t.request();
    return (method === 'post' ? request.post(path) : request.put(path)).set(auth).send(body as object);
  };

  it('refuses every write to analysts, service staff and members (403/401), writing nothing', async () => {
    // Targets that exist, so a refusal is the role's and not a 404.
    const journey = await send('post', '/api/admin/journeys', operator.auth, { name: '目标旅程', definition });
    expect(journey.status).toBe(201);
    const campaign = await send('post', '/api/admin/campaigns', operator.auth, campaignBody());
    expect(campaign.status).toBe(201);
    const target = await createMemberDirect(t);
    await createStaffTask(t.deps.db, {
      memberId: target.id,
      kind: 'call',
      title: '回访',
      script: '您好',
      dueAt: t.clock.now(),
      sourceKey: 'roles-audit:1',
      journeyId: null,
    });
    const [task] = await queryRows<{ id: number }>(t.deps.db, sql`select id from staff_tasks where source_key = 'roles-audit:1'`);
    const id = journey.body.id as number;
    const writes: ['post' | 'put', string, unknown][] = [
      ['post', '/api/admin/journeys', { name: '不该有', definition }],
      ['put', `/api/admin/journeys/${id}`, { name: '改名' }],
      ['post', `/api/admin/journeys/${id}/publish`, {}],
      ['post', `/api/admin/journeys/${id}/pause`, {}],
      ['post', `/api/admin/journeys/${id}/resume`, {}],
      ['post', `/api/admin/journeys/${id}/archive`, {}],
      ['post', '/api/admin/journeys/templates/welcome/enable', {}],
      ['post', '/api/admin/campaigns', campaignBody()],
      ['post', `/api/admin/campaigns/${campaign.body.id}/cancel`, {}],
    ];
    const before = await counts();
    for (const who of [analyst, service]) {
      for (const [method, path, body] of writes) {
        const res = await send(method, path, who.auth, body);
        expect([who.role, method, path, res.status, res.body.error?.code]).toEqual([who.role, method, path, 403, 'FORBIDDEN']);
      }
    }
    for (const [method, path, body] of writes) expect([path, (await send(method, path, member.auth, body)).status]).toEqual([path, 401]);
    // Tasks: analysts have no tasks:work; a member token is no staff.
    expect((await send('post', `/api/admin/tasks/${task!.id}/close`, analyst.auth, { outcome: '已联系' })).status).toBe(403);
    expect((await send('post', `/api/admin/tasks/${task!.id}/close`, member.auth, { outcome: '已联系' })).status).toBe(401);
    // Reads: service staff have no journeys:read (templates, experiments); members none of it.
    expect((await t.request().get('/api/admin/journeys/templates').set(service.auth)).status).toBe(403);
    expect((await t.request().get('/api/admin/journeys').set(service.auth)).status).toBe(403);
    expect((await t.request().get('/api/admin/journeys/templates').set(member.auth)).status).toBe(401);
    expect(await counts()).toEqual(before);
    const [row] = await queryRows<{ name: string; status: string }>(t.deps.db, sql`select name, status from journeys where id = ${id}`);
    expect(row).toEqual({ name: '目标旅程', status: 'draft' });
  });

  it("audits each of an operator's writes once, naming the operator", async () => {
    const auditsOf = (targetType: string, targetId: number) =>
      queryRows<{ action: string; staff_id: number; staff_role: string }>(
        t.deps.db,
        sql`select action, staff_id, staff_role from audit_log where target_type = ${targetType} and target_id = ${String(targetId)} order by id`,
      );
    const created = await send('post', '/api/admin/journeys', operator.auth, { name: '审计旅程', definition });
    const id = created.body.id as number;
    expect((await send('put', `/api/admin/journeys/${id}`, operator.auth, { name: '审计旅程 2' })).status).toBe(200);
    for (const step of ['publish', 'pause', 'resume', 'archive'])
      expect([step, (await send('post', `/api/admin/journeys/${id}/${step}`, operator.auth)).status]).toEqual([step, 200]);
    const journeyAudits = await auditsOf('journey', id);
    expect(journeyAudits.map((a) => a.action)).toEqual([
      'journey.create',
      'journey.update',
      'journey.publish',
      'journey.pause',
      'journey.resume',
      'journey.archive',
    ]);
    expect(journeyAudits.every((a) => Number(a.staff_id) === operator.id && a.staff_role === 'operator')).toBe(true);

    const enabled = await send('post', '/api/admin/journeys/templates/repurchase/enable', operator.auth);
    expect(enabled.status).toBe(201);
    expect((await auditsOf('journey', enabled.body.id as number)).map((a) => [a.action, Number(a.staff_id)])).toEqual([
      ['journey_template.enable', operator.id],
    ]);

    const campaign = await send('post', '/api/admin/campaigns', operator.auth, campaignBody());
    expect((await send('post', `/api/admin/campaigns/${campaign.body.id}/cancel`, operator.auth)).status).toBe(200);
    expect((await auditsOf('campaign', campaign.body.id as number)).map((a) => [a.action, Number(a.staff_id)])).toEqual([
      ['campaign.create', operator.id],
      ['campaign.cancel', operator.id],
    ]);
  });
});
