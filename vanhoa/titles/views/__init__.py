"""Title pages: thin views that read through visible_to() and change state only through services, one module per
stage of the cycle (urls.py names them).

The year is the one in the top bar (`request.work.year`); `?nam=` overrides it for links. A group's households
are reviewed on the group's page (/danh-hieu/gdvh/<group>/); groups, agencies and streets on the ward's page
(/danh-hieu/<title>/<ward of the time>/).
"""
