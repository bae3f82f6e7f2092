"""``{% load page %}``: ``{% capture name %}…{% endcapture %}`` renders its contents once into a
context variable, so base.html can use a page's title block in ``<title>`` and in its Open Graph
``og:title`` (Django renders a block only once). Formatting only: it never queries.

What is captured is the rendered template output, escaped as any other output: nothing is marked
safe that was not already escaped by the template engine.
"""

from django import template

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one argument: the name of the variable")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(bits[1], nodelist)
