package io.zeroprint.http;

import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.privacy.AuditLog;
import io.zeroprint.privacy.Pseudonyms;
import io.zeroprint.security.Authenticator;
import io.zeroprint.security.EventTickets;

/** The route guards' shared (all HTTP verticle instances) security and privacy components. */
public record Guards(Authenticator authenticator, AbuseLimits limits, Pseudonyms pseudonyms, AuditLog audit,
    EventTickets tickets) {}
