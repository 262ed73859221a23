"""The category tree and deadlines every deployment starts with (loaded by a
data migration; editable in the admin afterwards).

Hours per urgency: emergency, urgent, normal. A leaf without its own row
inherits its top category's.
"""

# (code, name, (emergency, urgent, normal) hours, [(code, name, hours or None)])
CATEGORIES = [
    (
        "01",
        "安全生产",
        (2, 24, 72),
        [
            ("0101", "企业安全隐患", None),
            ("0102", "建筑施工安全", None),
            ("0103", "燃气使用安全", (1, 24, 72)),
            ("0104", "危险化学品", (1, 12, 72)),
        ],
    ),
    (
        "02",
        "消防安全",
        (1, 24, 72),
        [
            ("0201", "消防通道堵塞", None),
            ("0202", "电动车违规停放充电", None),
            ("0203", "消防设施损坏", None),
            ("0204", "易燃杂物堆放", None),
        ],
    ),
    (
        "03",
        "食品药品",
        (4, 24, 120),
        [
            ("0301", "无证无照经营", None),
            ("0302", "过期变质食品", None),
            ("0303", "药品违规销售", None),
        ],
    ),
    (
        "04",
        "环境与市容",
        (4, 48, 120),
        [
            ("0401", "垃圾乱堆乱放", (4, 24, 72)),
            ("0402", "占道经营", None),
            ("0403", "违章搭建", None),
            ("0404", "噪声扰民", None),
            ("0405", "污水乱排", None),
        ],
    ),
    (
        "05",
        "矛盾纠纷",
        (4, 48, 168),
        [
            ("0501", "邻里纠纷", None),
            ("0502", "婚姻家庭纠纷", None),
            ("0503", "劳资纠纷", None),
            ("0504", "物业纠纷", None),
        ],
    ),
    (
        "06",
        "民生服务",
        (4, 48, 168),
        [
            ("0601", "困难群众帮扶", None),
            ("0602", "养老助残服务", None),
            ("0603", "公共设施报修", (4, 24, 96)),
            ("0604", "就业社保咨询", None),
        ],
    ),
    (
        "07",
        "社会治安",
        (1, 24, 72),
        [
            ("0701", "治安隐患", None),
            ("0702", "可疑人员情况", None),
            ("0703", "电信网络诈骗", None),
        ],
    ),
    (
        "08",
        "防汛防台",
        (1, 24, 72),
        [
            ("0801", "积水内涝", None),
            ("0802", "危树倒伏", None),
            ("0803", "高空坠物隐患", None),
        ],
    ),
]

URGENCIES = ("emergency", "urgent", "normal")


def seed_categories(Category, Deadline) -> int:
    """Create the tree once (nothing if the first top category exists).

    Works with the migration's historical models, which know nothing of
    django-mptt, so the nested-set columns are written directly: each top
    category is its own tree, its leaves one level below in code order.
    """
    if Category.objects.filter(code=CATEGORIES[0][0]).exists():
        return 0
    last_tree = Category.objects.order_by("-tree_id").values_list("tree_id", flat=True).first()
    tree_id = last_tree or 0
    created = 0
    for code, name, hours, leaves in CATEGORIES:
        tree_id += 1
        root = Category.objects.create(
            code=code,
            name=name,
            parent=None,
            active=True,
            tree_id=tree_id,
            level=0,
            lft=1,
            rght=2 * len(leaves) + 2,
        )
        created += 1
        Deadline.objects.bulk_create(
            [
                Deadline(category=root, urgency=u, hours=h)
                for u, h in zip(URGENCIES, hours, strict=True)
            ]
        )
        for i, (leaf_code, leaf_name, leaf_hours) in enumerate(sorted(leaves)):
            leaf = Category.objects.create(
                code=leaf_code,
                name=leaf_name,
                parent=root,
                active=True,
                tree_id=tree_id,
                level=1,
                lft=2 * i + 2,
                rght=2 * i + 3,
            )
            created += 1
            if leaf_hours:
                Deadline.objects.bulk_create(
                    [
                        Deadline(category=leaf, urgency=u, hours=h)
                        for u, h in zip(URGENCIES, leaf_hours, strict=True)
                    ]
                )
    return created
