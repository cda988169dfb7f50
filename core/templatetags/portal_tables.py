from django import template

register = template.Library()


@register.filter
def row_cells(table, row):
    """`{{ table|row_cells:row }}`: the row's cells, rendered by BaseTable.row_cells."""
    return table.row_cells(row)


@register.simple_tag
def row_attributes(row, updated=False):
    """The <tr>'s attributes; a row just changed through htmx also gets `row-updated` (one class
    attribute: a second one would be ignored by the browser)."""
    attrs = row.attrs
    if updated:
        attrs["class"] = f"{attrs.get('class', '')} row-updated".strip()
    return attrs.as_html()


@register.tag
def cached_content(parser, token):
    """`{% cached_content %}…{% endcached_content %}`: a list page's content, served from the cache
    when the view found it there (`cached_content`), else rendered and stored under the view's
    `content_cache_key` (see core.views.list_content_key)."""
    nodelist = parser.parse(("endcached_content",))
    parser.delete_first_token()
    return CachedContentNode(nodelist)


class CachedContentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        cached = context.get("cached_content")
        if cached is not None:
            return cached
        html = self.nodelist.render(context)
        view = context.get("view")
        if context.get("content_cache_key") and view is not None:
            view.rendered_content_html = html  # ListPageView.get stores it with what it read
        return html
