import os
import stat
import threading
import time

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._token_cache import MAX_ENTRY_BYTES, TokenCache, refresh_margin


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_files_are_private_and_hold_no_secret(tmp_path):
    cache = TokenCache(str(tmp_path / "tokens"))
    key = cache.key("https://login.example", "client", "s3cret-value")
    cache.put(key, "tok-1", 86400)
    assert mode(tmp_path / "tokens") == 0o700
    files = list((tmp_path / "tokens").iterdir())
    assert [mode(f) for f in files] == [0o600]
    assert "s3cret-value" not in files[0].read_text() and "s3cret-value" not in files[0].name
    assert cache.get(key) == "tok-1"


def test_an_existing_loose_directory_is_tightened(tmp_path):
    directory = tmp_path / "tokens"
    directory.mkdir(mode=0o755)
    TokenCache(str(directory)).put("k", "t", 100)
    assert mode(directory) == 0o700


def test_key_depends_on_login_url_client_and_secret():
    keys = {TokenCache.key(*args) for args in [("u", "c", "s"), ("u2", "c", "s"), ("u", "c2", "s"), ("u", "c", "s2")]}
    assert len(keys) == 4


def test_token_is_not_handed_out_near_expiry(tmp_path, monkeypatch):
    cache = TokenCache(str(tmp_path))
    cache.put("k", "t", 86400)
    assert refresh_margin(86400) == 300
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 86400 - 301)
    assert cache.get("k") == "t"
    monkeypatch.setattr(time, "time", lambda: now + 86400 - 299)
    assert cache.get("k") is None


def test_discard_keeps_a_token_another_process_replaced(tmp_path):
    cache = TokenCache(str(tmp_path))
    cache.put("k", "new", 100)
    cache.discard("k", "old")
    assert cache.get("k") == "new"
    cache.discard("k", "new")
    assert cache.get("k") is None


def test_corrupt_file_is_a_miss(tmp_path):
    cache = TokenCache(str(tmp_path))
    (tmp_path / "k.json").write_text("{not json")
    assert cache.get("k") is None


def test_lock_serialises_holders(tmp_path):
    cache = TokenCache(str(tmp_path))
    inside, overlaps = [], []

    def hold():
        with cache.locked("k"):
            if inside:
                overlaps.append(1)
            inside.append(1)
            time.sleep(0.05)
            inside.pop()

    threads = [threading.Thread(target=hold) for _thread in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not overlaps


def test_a_file_where_the_directory_belongs_turns_the_cache_off_with_a_warning(tmp_path):
    (tmp_path / "tokens").write_text("not a directory")
    cache = TokenCache(str(tmp_path / "tokens"))
    with cache.locked("k"):
        cache.put("k", "tok", 3600)
    assert cache.get("k") is None
    assert cache.warning.startswith(f"The token cache {tmp_path / 'tokens'} cannot be used (File exists)")


def test_a_directory_where_the_file_belongs_turns_the_cache_off(tmp_path):
    cache = TokenCache(str(tmp_path))
    (tmp_path / "k.json").mkdir()
    assert cache.get("k") is None
    cache.put("k", "tok", 3600)
    assert "cannot be used" in cache.warning and not list(tmp_path.glob("*.tmp"))


def test_an_oversized_entry_is_not_read(tmp_path):
    cache = TokenCache(str(tmp_path))
    cache.put("k", "tok", 3600)
    (tmp_path / "k.json").write_text('{"access_token": "' + "x" * (MAX_ENTRY_BYTES + 10) + '", "expires_at": 9e12, "lifetime": 60}')
    assert cache.get("k") is None and not cache.warning
