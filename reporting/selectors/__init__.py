"""Reads shared by views, scoped with accounts.scope.

board            where units' reports stand (timeliness, the board, a unit's list)
reports          one unit's annual report page
province         the province's review: communes, their plans, the dashboard
commune_reports  the commune's report to the province (page, list, frozen figures)
statistics       the province's statistics and their Excel export
notifications    a user's in-app notifications
home             reporting's part of the home page
registrations    where the commune's registrations (đăng ký thi đua) stand, with chasing
"""
