"""Demo cases: a few hundred, filed and moved through the real services with
back-dated times, spread over every state and many grids, some overdue. The
demo grid leader's grid gets several of its own."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from orgs.kinds import Role, UnitKind
from orgs.models import OrgUnit, Position

from . import rules, services
from .deadlines import deadlines_scan
from .models import Case, CaseCategory, CaseEvent, NotificationKind
from .notify import notifications_muted, notifications_send

TOTAL = 300

# leaf code -> (title, description) samples
SAMPLES = {
    "0101": ("小作坊安全隐患", "沿街五金加工作坊内电线私拉乱接，切割作业无防护，存在安全隐患。"),
    "0102": ("工地围挡破损", "小区旁在建工地围挡倒伏，脚手架无防护网，行人经过有危险。"),
    "0103": ("餐馆燃气软管老化", "临街餐馆液化气钢瓶与灶具连接软管老化开裂，未安装报警器。"),
    "0104": ("违规储存油漆稀料", "车库内堆放大量油漆、稀料等易燃化学品，无任何防护措施。"),
    "0201": ("消防通道被占用", "小区消防通道长期停放私家车，消防车无法通行。"),
    "0202": ("电动车楼道充电", "住户将电动车推入楼道并飞线充电，夜间无人看管。"),
    "0203": ("消防栓无水", "楼层消防栓箱内水带缺失，试水无压力。"),
    "0204": ("楼道堆放杂物", "楼道堆放大量纸箱、旧家具，堵塞安全出口。"),
    "0301": ("无证流动摊贩", "学校门口有无证流动摊贩售卖散装熟食。"),
    "0302": ("超市售卖过期食品", "居民反映社区超市货架上有过期酸奶和面包。"),
    "0303": ("药店无处方售药", "居民反映药店无处方销售处方类抗生素。"),
    "0401": ("垃圾堆放未清运", "垃圾分类点周边垃圾满溢，两天未清运，气味难闻。"),
    "0402": ("占道经营", "菜市场外商贩占用人行道摆摊，行人只能走机动车道。"),
    "0403": ("楼顶违章搭建", "顶楼住户在天台搭建彩钢板房，邻居担心漏水和安全。"),
    "0404": ("夜间施工噪声扰民", "附近工地夜间十一点后仍在施工，噪声影响居民休息。"),
    "0405": ("污水直排雨水管", "餐饮店将厨房污水直接排入雨水井，路面油污明显。"),
    "0501": ("邻里漏水纠纷", "楼上卫生间漏水至楼下，双方协商未果，情绪激动。"),
    "0502": ("家庭赡养纠纷", "老人反映子女不履行赡养义务，希望社区协调。"),
    "0503": ("装修工人讨薪", "十余名装修工人反映被拖欠工资三个月。"),
    "0504": ("物业收费纠纷", "业主对物业费上涨有异议，部分业主拒缴物业费。"),
    "0601": ("独居老人需帮扶", "独居老人行动不便，家中无人照料，需要上门帮扶。"),
    "0602": ("残疾人出行困难", "残疾居民反映单元门口台阶无坡道，轮椅无法出入。"),
    "0603": ("路灯损坏", "小区主干道三盏路灯不亮，夜间出行不便。"),
    "0604": ("咨询灵活就业社保", "居民咨询灵活就业人员社保缴纳办法。"),
    "0701": ("小区门禁损坏", "小区东门门禁损坏一周，外来人员随意进出。"),
    "0702": ("出租屋人员频繁更换", "某出租屋人员频繁更换，居民担心存在治安隐患。"),
    "0703": ("老人疑似遭遇诈骗", "老人接到自称公检法的电话，要求转账，家属求助。"),
    "0801": ("暴雨后路面积水", "暴雨后地下通道积水约三十公分，车辆熄火。"),
    "0802": ("台风后大树倾斜", "台风过后路边大树倾斜，压在电线上。"),
    "0803": ("外墙瓷砖松动", "高层外墙瓷砖松动，有脱落风险，楼下为人行通道。"),
}
_ROADS = ["迎宾南路", "九洲大道", "凤凰路", "紫荆路", "海滨南路", "柠溪路", "银桦路", "人民东路"]
_NAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"


class _Actors:
    """One acting person per unit: the demo users where they sit, otherwise a
    staff member created on first use (no password: not for signing in)."""

    ROLE_OF_KIND = {
        UnitKind.GRID: Role.GRID_LEADER,
        UnitKind.COMMUNITY: Role.COMMUNITY_STAFF,
        UnitKind.STREET: Role.STREET_DISPATCHER,
        UnitKind.DEPARTMENT: Role.DEPARTMENT_HANDLER,
        UnitKind.REGION: Role.ADMIN,
    }

    def __init__(self, users, rng):
        self.rng = rng
        self.by_unit = {}
        for user in users.values():
            for position in Position.objects.filter(user=user).select_related("unit"):
                if self.ROLE_OF_KIND.get(position.unit.kind) == position.role:
                    self.by_unit.setdefault(position.unit_id, user)
        self.password = make_password(None)

    def __call__(self, unit):
        user = self.by_unit.get(unit.pk)
        if user is None:
            name = self.rng.choice(_NAMES) + self.rng.choice("建国志华秀英明玉红伟芳丽")
            user = get_user_model().objects.create(
                username=f"staff_{unit.pk}", password=self.password, first_name=name
            )
            Position.objects.create(user=user, unit=unit, role=self.ROLE_OF_KIND[unit.kind])
            self.by_unit[unit.pk] = user
        return user


class _Story:
    """Moves one case along with a clock that never passes `now`."""

    def __init__(self, case, actors, rng, now):
        self.case, self.actors, self.rng, self.now = case, actors, rng, now
        self.t = case.reported_at

    def _tick(self, low, high):
        self.t = min(self.t + timedelta(hours=self.rng.uniform(low, high)), self.now)
        return self.t

    def _do(self, fn, low=0.3, high=8, by=None, **kwargs):
        unit = by or self.case.responsible_unit
        self.case = fn(
            case=self.case,
            user=self.actors(unit),
            version=self.case.version,
            at=self._tick(low, high),
            **kwargs,
        )
        return self

    def accept(self):
        return self._do(services.case_accept)

    def escalate(self, note="网格无法处置，申请上级协调。"):
        return self._do(services.case_escalate, note=note)

    def dispatch(self, to_unit, note="请按期办理并反馈。"):
        return self._do(services.case_dispatch, 0.5, 6, to_unit=to_unit, note=note)

    def resolve(self, result="已现场处置完毕，隐患消除。"):
        return self._do(services.case_resolve, 2, 60, result=result)

    def close(self, satisfaction="satisfied", feedback=""):
        # The follow-up is someone other than the resolver: the unit above
        # when the case was resolved where it sits (the community's 回访).
        unit = self.case.responsible_unit
        if self.actors(unit).pk == self.case.resolved_by_id and unit.parent_id is not None:
            unit = unit.parent
        return self._do(
            services.case_close, 1, 24, by=unit, satisfaction=satisfaction, feedback=feedback
        )

    def cancel(self, reason):
        # Cancelling is the community's call, not the grid's.
        community = self.case.community or self.case.responsible_unit
        return self._do(services.case_cancel, by=community, reason=reason)

    def merge(self, into, note=""):
        community = self.case.community or self.case.responsible_unit
        return self._do(services.case_merge, by=community, into=into, note=note)

    def request_extension(self, days, reason):
        due_at = self.case.due_at + timedelta(days=days)
        return self._do(services.case_request_extension, 0.5, 4, due_at=due_at, reason=reason)

    def decide_extension(self, grant, note=""):
        office = rules.pending_extension(self.case).decider_unit
        return self._do(services.case_decide_extension, 0.5, 6, by=office, grant=grant, note=note)


def _departments(unit):
    street = unit.get_ancestors().filter(kind=UnitKind.STREET).first()
    return list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, parent=street))


def _district_department(unit):
    """The district's first department: where the demo department handler sits."""
    region = unit.get_root()
    return region.get_children().filter(kind=UnitKind.DEPARTMENT).first()


def load(*, region, users, rng):
    now = timezone.now()
    leaves = [c for c in CaseCategory.objects.filter(active=True) if c.is_leaf_node()]
    grids = list(
        OrgUnit.objects.filter(
            tree_id=region.tree_id, lft__gt=region.lft, rght__lt=region.rght, kind=UnitKind.GRID
        ).order_by("lft")
    )
    if not leaves or not grids:
        return
    actors = _Actors(users, rng)
    home = users.get("demo_grid")
    home_grid = (
        Position.objects.filter(user=home, unit__kind=UnitKind.GRID).first().unit if home else None
    )
    plan = _plan(rng, TOTAL)
    if home_grid is not None:
        plan = _home_plan() + plan[len(_home_plan()) :]
    by_code = {c.code: c for c in leaves}
    filed = []
    with notifications_muted():
        for i, (state, age_days, code, urgency) in enumerate(plan):
            grid = home_grid if (home_grid and i < len(_home_plan())) else rng.choice(grids)
            category = by_code.get(code) or rng.choice(leaves)
            title, description = SAMPLES.get(category.code, (category.name, category.name))
            reported_at = now - timedelta(days=age_days, minutes=0 if code else rng.randint(0, 600))
            urgency = urgency or rng.choices(["normal", "urgent", "emergency"], [80, 16, 4])[0]
            if state == "emergency":
                urgency, state = "emergency", "reported"
            case = services.case_file(
                user=actors(grid),
                title=title,
                description=description,
                category=category,
                grid=grid,
                urgency=urgency,
                source=rng.choices(
                    ["grid_patrol", "resident", "hotline", "online", "visit"], [45, 25, 15, 8, 7]
                )[0],
                address=f"{rng.choice(_ROADS)}{rng.randint(1, 399)}号{rng.randint(1, 12)}栋",
                resident_name=rng.choice(_NAMES) + rng.choice(["先生", "女士", "阿姨", "伯"]),
                resident_phone=f"13{rng.randint(100000000, 999999999)}",
                at=reported_at,
            )
            story = _Story(case, actors, rng, now)
            _tell(story, state, rng, filed)
            filed.append(story.case)
        deadlines_scan(now=now)
    if home_grid is not None:
        _notify_home(home_grid)


def _plan(rng, n):
    """(state, age in days) for n cases: mostly closed, the rest spread."""
    states = (
        ["closed_self"] * 40
        + ["closed_community"] * 14
        + ["closed_department"] * 6
        + ["closed_reopened"] * 3
        + ["cancelled"] * 3
        + ["merged"] * 1
        + ["resolved"] * 6
        + ["handling"] * 9
        + ["reported"] * 8
        + ["at_community"] * 5
        + ["at_department"] * 4
        + ["emergency"] * 1
    )
    plan = []
    for _ in range(n):
        state = rng.choice(states)
        if state.startswith("closed") or state in ("cancelled", "merged"):
            age = rng.uniform(3, 120)
        elif rng.random() < 0.3:
            age = rng.uniform(4, 20)  # old enough to be overdue
        else:
            age = rng.uniform(0, 2)
        plan.append((state, age, None, None))
    return plan


def _home_plan():
    """The demo grid leader's own grid: something in every state, two cases
    overdue but still within the grace before supervision (72 h allowed)."""
    return [
        ("emergency", 0.05, "0802", "emergency"),
        ("reported", 0.2, "0204", "normal"),
        ("merged", 0.1, "0204", None),  # the same corridor reported twice
        ("reported", 3.4, "0401", "normal"),
        ("handling", 1, "0603", "normal"),
        ("handling", 3.2, "0201", "normal"),
        ("resolved", 2, "0501", "normal"),
        ("at_community", 1.5, "0504", "urgent"),
        ("closed_self", 6, "0202", None),
        ("closed_self", 20, "0402", None),
        ("closed_community", 30, "0403", None),
        ("closed_reopened", 40, "0404", None),
        # Sent by the street to a district department, so its handler has work.
        ("at_district_department", 1.2, "0405", "urgent"),
        ("closed_district_department", 15, "0402", None),
        # Past its deadline and the grace: the community supervises it (督办).
        ("handling", 5.5, "0701", "normal"),
        # More time asked for: waiting for the community, granted, refused.
        ("extension_pending", 2.5, "0603", "normal"),
        ("extension_granted", 5, "0403", "normal"),
        ("extension_refused", 4, "0504", "normal"),
    ]


def _tell(story, state, rng, filed):
    if state in ("reported",):
        return
    if state == "handling":
        story.accept()
    elif state == "resolved":
        story.accept().resolve()
    elif state == "closed_self":
        story.accept().resolve().close(rng.choice(["satisfied"] * 4 + ["basically_satisfied"]))
    elif state == "closed_community":
        story.escalate().accept().resolve("社区协调相关方，问题已解决。").close()
    elif state == "at_community":
        story.escalate()
    elif state in ("closed_department", "at_department"):
        story.escalate().escalate("涉及执法事项，需街道派单。")
        departments = _departments(story.case.responsible_unit) or _departments(story.case.grid)
        if not departments:
            return
        story.dispatch(rng.choice(departments)).accept()
        if state == "closed_department":
            story.resolve("执法队已依法处置，责令整改完毕。").close("basically_satisfied")
    elif state in ("at_district_department", "closed_district_department"):
        department = _district_department(story.case.grid)
        if department is None:
            return
        story.escalate().escalate("涉及城市管理执法，需街道派单。")
        story.dispatch(department, "请区城市管理局依法处置。")
        if state == "closed_district_department":
            story.accept().resolve("已责令整改并复查，问题已解决。").close("satisfied")
    elif state == "closed_reopened":
        story.accept().resolve("已临时处理。").close("unsatisfied", "问题反复出现，没有根治。")
        story.resolve("已彻底整改，并建立巡查机制。").close("satisfied")
    elif state == "cancelled":
        story.cancel("经核实，情况不属实。")
    elif state == "merged":
        same_grid = [
            c
            for c in filed
            if c.grid_id == story.case.grid_id and c.status in ("reported", "handling")
        ]
        if same_grid:
            story.merge(same_grid[-1], "同一楼道重复上报。")
        else:
            story.cancel("重复上报。")
    elif state.startswith("extension_"):
        story.accept().request_extension(3, "需协调物业和产权单位共同处置，请求延期三天。")
        if state == "extension_granted":
            story.decide_extension(True, "同意延期，请按新期限办结。")
        elif state == "extension_refused":
            story.decide_extension(False, "问题紧迫，请按原期限办结。")


_KIND_OF_ACTION = {
    "escalate": NotificationKind.ESCALATED,
    "remind": NotificationKind.REMINDER,
    "overdue": NotificationKind.OVERDUE,
    "supervise": NotificationKind.SUPERVISED,
}


def _notify_home(grid):
    """Real notifications of the home grid's recent events, for the demo
    users to find (the rest of the history was loaded muted)."""
    events = (
        CaseEvent.objects.filter(case__in=Case.objects.filter(grid=grid))
        .select_related("case")
        .order_by("-at")[:30]
    )
    for event in events:
        if event.action == "file" and event.case.urgency == "emergency":
            notifications_send(event_id=event.pk, kind=NotificationKind.EMERGENCY)
        elif event.action in _KIND_OF_ACTION:
            notifications_send(event_id=event.pk, kind=_KIND_OF_ACTION[event.action])
