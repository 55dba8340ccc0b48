"""Waiting for many Edges at once: one listing per site per poll, each change reported, a timeout that explains."""

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._edge_status import (
    EDGES, EdgeWatcher, Watched, meaning, timeout_message,
)


class ScriptedSites:
    """A client whose Edge listing of each site walks through scripted readings, one per call."""

    def __init__(self, readings):
        self.readings = readings  # site id -> list of listings
        self.calls = []
        self.fresh = []

    def get_all(self, path, params, fresh=False):
        assert path == EDGES
        self.calls.append(params["site.id"])
        self.fresh.append(fresh)
        script = self.readings[params["site.id"]]
        return script.pop(0) if len(script) > 1 else script[0]


def edge(name, status, online="OFFLINE"):
    return {"name": name, "statusCode": status, "onlineStatus": online}


def ready(e):
    return e.get("statusCode") == "ACTIVE" and e.get("onlineStatus") == "ONLINE"


def test_edges_of_two_sites_are_watched_together_and_every_change_is_reported():
    client = ScriptedSites({
        "s1": [[edge("a", "NEW"), edge("b", "NEW")],
               [edge("a", "AWAITING_CONNECTION"), edge("b", "NEW")],
               [edge("a", "ACTIVE", "ONLINE"), edge("b", "ACTIVE", "ONLINE")]],
        "s2": [[edge("c", "INITIALIZING")], [edge("c", "ACTIVE", "ONLINE")]],
    })
    said = []
    watcher = EdgeWatcher(client, said.append, timeout=5, first_interval=0.01, max_interval=0.01)
    watched = [Watched("a", "s1", "Site 1", ready), Watched("b", "s1", "Site 1", ready), Watched("c", "s2", "Site 2", ready)]
    assert watcher.wait(watched) == []
    # One listing per site per poll; site 2 stops being read once its only Edge is done.
    assert watcher.polls == 3
    assert sorted(client.calls) == ["s1", "s1", "s1", "s2", "s2"]
    # The first look may come from a region's shared listing; every later one must be read anew.
    assert client.fresh == [False, False, True, True, True]
    assert [t["status_code"] for t in watched[0].transitions] == ["NEW", "AWAITING_CONNECTION", "ACTIVE"]
    assert [t["status_code"] for t in watched[1].transitions] == ["NEW", "ACTIVE"]
    assert any("Edge a (site Site 1) NEW/OFFLINE -> AWAITING_CONNECTION/OFFLINE" in line for line in said)
    assert any("Edge c (site Site 2) INITIALIZING/OFFLINE -> ACTIVE/ONLINE" in line for line in said)


def test_timeout_returns_what_is_still_pending_with_its_meaning():
    client = ScriptedSites({"s1": [[edge("stuck", "AWAITING_CONNECTION"), edge("ok", "ACTIVE", "ONLINE")]]})
    watcher = EdgeWatcher(client, lambda _: None, timeout=0.05, first_interval=0.01, max_interval=0.01)
    watched = [Watched("stuck", "s1", "Site 1", ready), Watched("ok", "s1", "Site 1", ready)]
    pending = watcher.wait(watched)
    assert [w.name for w in pending] == ["stuck"]
    message = timeout_message(pending, 2, 0.05, "paired, ONLINE")
    assert message.startswith("Timed out after 0s waiting for 1 of 2 Edge(s) to be paired, ONLINE.")
    assert "stuck (site Site 1) is AWAITING_CONNECTION/OFFLINE" in message
    assert "TCP 443" in message


def test_an_edge_that_disappears_fails_at_once_naming_it():
    client = ScriptedSites({"s1": [[edge("a", "NEW")], []]})
    watcher = EdgeWatcher(client, lambda _: None, timeout=60, first_interval=0.01, max_interval=0.01)
    watched = Watched("a", "s1", "Site 1", ready)
    pending = watcher.wait([watched])
    assert pending == [watched] and watched.gone and watcher.polls == 2  # not the 60 s timeout
    assert watched.transitions[-1]["status_code"] == "DELETED"
    message = timeout_message(pending, 1, 60, "paired, ONLINE")
    assert message.startswith("1 of 1 Edge(s) disappeared while waiting") and "a (site Site 1)" in message


def test_an_edge_deleted_softly_is_gone_too():
    client = ScriptedSites({"s1": [[edge("a", "NEW")], [{**edge("a", "NEW"), "state": "deleted"}]]})
    watched = Watched("a", "s1", "Site 1", ready)
    EdgeWatcher(client, lambda _: None, timeout=60, first_interval=0.01, max_interval=0.01).wait([watched])
    assert watched.gone


def test_an_edge_not_listed_yet_is_given_a_few_polls_before_it_counts_as_gone():
    """A record made a moment ago may not show in its site's listing yet."""
    client = ScriptedSites({"s1": [[], [], [edge("a", "ACTIVE", "ONLINE")]]})
    watched = Watched("a", "s1", "Site 1", ready)
    assert EdgeWatcher(client, lambda _: None, timeout=60, first_interval=0.01, max_interval=0.01).wait([watched]) == []
    never = Watched("b", "s1", "Site 1", ready)
    watcher = EdgeWatcher(ScriptedSites({"s1": [[]]}), lambda _: None, timeout=60, first_interval=0.01, max_interval=0.01)
    assert watcher.wait([never]) == [never] and never.gone and watcher.polls == 3


def test_a_paired_edge_that_is_offline_gets_the_offline_meaning():
    assert "not connected now" in meaning(edge("a", "ACTIVE", "OFFLINE"))
    assert "fingerprint" in meaning(edge("a", "AWAITING_FINGERPRINT_VERIFICATION"))
    assert meaning({"statusCode": "SOMETHING_NEW"}) == "a status this collection does not know"


def test_an_edge_already_done_at_the_first_look_is_not_news():
    client = ScriptedSites({"s1": [[edge("done", "ACTIVE", "ONLINE"), edge("new", "NEW")],
                                   [edge("done", "ACTIVE", "ONLINE"), edge("new", "ACTIVE", "ONLINE")]]})
    said = []
    watcher = EdgeWatcher(client, said.append, timeout=5, first_interval=0.01, max_interval=0.01)
    assert watcher.wait([Watched("done", "s1", "Site 1", ready), Watched("new", "s1", "Site 1", ready)]) == []
    assert [line.split(" after")[0] for line in said] == [
        "Edge new (site Site 1) is NEW/OFFLINE", "Edge new (site Site 1) NEW/OFFLINE -> ACTIVE/ONLINE"]


def test_a_deleted_edge_of_the_same_name_is_not_watched():
    """A deleted Edge may still be listed with state deleted (the safe reading for Edges, research notes section 8):
    listed after the live one of its name, it must not stand in for it."""
    client = ScriptedSites({"s1": [[edge("a", "ACTIVE", "ONLINE"), {**edge("a", "UNPAIRED"), "state": "deleted"}]]})
    watched = [Watched("a", "s1", "Site 1", ready)]
    assert EdgeWatcher(client, lambda line: None, timeout=1, first_interval=0.01, max_interval=0.01).wait(watched) == []
    assert watched[0].edge["statusCode"] == "ACTIVE"
