-- Sessions long past the idle timeout are deleted as session touches are written (IdentityService::
-- FlushSessionTouches, every few seconds): the index makes that a short range scan of the oldest ones.
CREATE INDEX identity_sessions_last_seen ON identity_sessions(last_seen_at);
