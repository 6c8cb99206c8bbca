// Generated from openapi.yaml by openapi-typescript (npm run client:generate). Do not edit.
export interface paths {
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document in Swagger UI (its scripts and styles are served by this service under /docs/static) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An HTML page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/graphql": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A GraphQL query (no mutations) in the query string */
        get: {
            parameters: {
                query: {
                    operationName?: string;
                    query: string;
                    /** @description JSON */
                    variables?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: components["responses"]["GraphQL"];
                400: components["responses"]["GraphQL"];
                401: components["responses"]["GraphQL"];
                /** @description Over the API key quota: `errors[0].extensions.code` is RATE_LIMITED, with Retry-After and the RateLimit headers */
                429: components["responses"]["GraphQL"];
            };
        };
        put?: never;
        /**
         * The GraphQL door (schema.graphql); the same API keys, X-User-Id and rate limit as /v1
         * @description Errors carry the codes of this document in `errors[].extensions.code`; mutation payloads carry `userErrors` and `warnings`. Subscriptions use `ws://.../graphql` (graphql-transport-ws). Every request is checked before it runs (400 TOO_MANY_TOKENS, TOO_MANY_ALIASES, QUERY_TOO_DEEP, TOO_MANY_DIRECTIVES, TOO_MANY_ROOT_FIELDS, TOO_MANY_MUTATIONS, QUERY_TOO_COSTLY; 413 BODY_TOO_LARGE over GRAPHQL_BODY_LIMIT_BYTES) and draws its cost from the API key's rate limit.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        operationName?: string | null;
                        query: string;
                        variables?: Record<string, never> | null;
                    };
                };
            };
            responses: {
                200: components["responses"]["GraphQL"];
                400: components["responses"]["GraphQL"];
                401: components["responses"]["GraphQL"];
                /** @description The body is over GRAPHQL_BODY_LIMIT_BYTES: `errors[0].extensions.code` is BODY_TOO_LARGE */
                413: components["responses"]["GraphQL"];
                /** @description Over the API key quota (this request costs more points than are left) or too many failed authentications from this address: `errors[0].extensions.code` is RATE_LIMITED, with Retry-After and the RateLimit headers */
                429: components["responses"]["GraphQL"];
                500: components["responses"]["GraphQL"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/help/quickbooks-errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What each QuickBooks and Web Connector error code means and how to fix it
         * @description Every sync error's `helpUrl` points at a section of this page (`#3200`, `#0x80040400`, ...).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An HTML page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (text format): HTTP by route, the database pool, work waiting per connection, open Web Connector sessions, QuickBooks failures by code in the last hour, webhook backlog and lag, process
         * @description No API key; with METRICS_TOKEN set, that token as a Bearer token (401 otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The metrics */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description METRICS_TOKEN required */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The OpenAPI document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/yaml": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/qbwc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The WSDL of the Web Connector endpoint (GET /qbwc?wsdl), with this request's own address */
        get: {
            parameters: {
                query: {
                    wsdl: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description WSDL */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/xml": string;
                    };
                };
                /** @description Without ?wsdl */
                405: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /** SOAP 1.1 endpoint for the QuickBooks Web Connector 2.x (serverVersion, clientVersion, authenticate, sendRequestXML, receiveResponseXML, getLastError, connectionError, closeConnection) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "text/xml": string;
                };
            };
            responses: {
                /** @description A SOAP envelope (results or a soap:Fault) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/xml": string;
                    };
                };
                /** @description An empty body or a DTD (refused), as a soap:Fault */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/xml": string;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {unknown} */
                            database: "postgres" | "pglite";
                            /** @constant */
                            status: "ready";
                        };
                    };
                };
                503: components["responses"]["Problem"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounting-periods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the tenant's records, by id: {items, nextCursor} */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AccountingPeriod"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounting-periods/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                id: components["parameters"]["ExternalId"];
            };
            cookie?: never;
        };
        /** Read an accounting period */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The accounting period */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountingPeriod"];
                    };
                };
                401: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        /**
         * Create or replace an accounting period
         * @description Needs `reference:write` (every user holds it; a key needs the scope or `admin`).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AccountingPeriodInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Replaced */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountingPeriod"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountingPeriod"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /** Delete a record no invoice uses (reference:write); its links to QuickBooks entries go with it. 409 `REFERENCE_IN_USE` when an invoice names it */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's API keys (admin), never their values
         * @description Keyset pages, oldest first, revoked and expired keys included, with the envelope of `GET /v1/invoices`: pass `nextCursor` as `after` for the next page; it is null on the last page. `first` above 100 is refused (400 `VALIDATION_FAILED`), not clamped; unknown parameters are refused.
         */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page */
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page of the tenant's keys */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ApiKey"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        /**
         * Create an API key (admin); the key is shown this once
         * @description Needs `admin`. The new key may hold only permissions the request effectively holds itself
         *     (403 `PERMISSION_DENIED` otherwise), and a key that expires creates only keys expiring no later
         *     (a value in a rotation's grace period counts as expiring when its grace period ends).
         *     `expiresAt` must be in the future; after it the key is refused with 401 `API_KEY_EXPIRED`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ApiKeyInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Created; `key` appears in no later response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKeyWithValue"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The API key's id (given by the service) */
                id: components["parameters"]["ApiKeyId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an API key (admin); refused at once, with a value in its rotation grace period
         * @description Idempotent. The key set by `ADMIN_API_KEY` is changed through the configuration (409 `API_KEY_SET_BY_CONFIGURATION`).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The API key's id (given by the service) */
                    id: components["parameters"]["ApiKeyId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Revoked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The API key's id (given by the service) */
                id: components["parameters"]["ApiKeyId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an API key (admin); the new value is shown this once
         * @description The key keeps its id, name and permissions. The old value keeps working until
         *     `previousKeyExpiresAt`: `gracePeriodSeconds` after now (default `API_KEY_ROTATION_GRACE_SECONDS`,
         *     24 hours; at most `API_KEY_ROTATION_MAX_GRACE_SECONDS`). A value replaced by an earlier rotation
         *     stops at once. Only a request holding every permission of the key, and whose own key works at
         *     least as long as this one (a value in a rotation's grace period works until that period ends), may rotate it (403
         *     otherwise); a revoked key cannot be rotated (409 `API_KEY_REVOKED`).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The API key's id (given by the service) */
                    id: components["parameters"]["ApiKeyId"];
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        gracePeriodSeconds?: number;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Rotated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKeyWithValue"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put pending invoices in a batch (GraphQL createBatch) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        invoiceIds: string[];
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Created; `Location` names the batch */
                201: {
                    headers: {
                        Location: components["headers"]["Location"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                /** @description An invoice is unknown (INVOICE_NOT_FOUND), not pending (INVOICE_NOT_PENDING) or in another batch (INVOICE_IN_BATCH); `errors[].field` names it */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches/{id}": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: components["parameters"]["BatchId"];
            };
            cookie?: never;
        };
        /** Read a batch (GraphQL batch) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: components["parameters"]["BatchId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The batch */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Batch"];
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches/{id}/bypass-export": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: components["parameters"]["BatchId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark the invoices exported without sending them (administrators; GraphQL bypassBatchExport)
         * @description With a `connectionId`, they are recorded against that connection; later edits cannot be pushed there until an administrator unlocks them.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: components["parameters"]["BatchId"];
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ConnectionChoice"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                200: components["responses"]["Batch"];
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches/{id}/export": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: components["parameters"]["BatchId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue an InvoiceAdd per invoice for a connection's Web Connector (GraphQL exportBatch)
         * @description Invoices without lines are not exported; they are listed in `skipped`. Invoices become EXPORTED when QuickBooks confirms the add. `warnings`: DUPLICATE_NUMBER for an invoice whose number the company file now has twice (ignoring case): QuickBooks accepts it, but people rarely mean it.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: components["parameters"]["BatchId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        connectionId: string;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The batch, with what to check */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            connectionId: string | null;
                            /** Format: uuid */
                            id: string;
                            invoiceIds: string[];
                            skipped: {
                                /** Format: uuid */
                                invoiceId: string;
                                reason: string;
                            }[];
                            /** @enum {unknown} */
                            status: "OPEN" | "POSTED" | "EXPORT_QUEUED" | "EXPORTED" | "EXPORT_BYPASSED";
                            warnings: {
                                code: string;
                                /** Format: uuid */
                                invoiceId: string;
                                message: string;
                            }[];
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches/{id}/post": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: components["parameters"]["BatchId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Post an open batch; its invoices become POSTED (GraphQL postBatch) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: components["parameters"]["BatchId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                200: components["responses"]["Batch"];
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches/{id}/unpost": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: components["parameters"]["BatchId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unpost a posted batch that is not exported yet; its invoices become PENDING (GraphQL unpostBatch) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: components["parameters"]["BatchId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                200: components["responses"]["Batch"];
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/business-units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the tenant's records, by id: {items, nextCursor} */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Named"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/business-units/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                id: components["parameters"]["ExternalId"];
            };
            cookie?: never;
        };
        /** Read a business unit */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The business unit */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                401: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        /**
         * Create or replace a business unit (a QuickBooks class)
         * @description Needs `reference:write` (every user holds it; a key needs the scope or `admin`).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NamedInput31"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Replaced */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /** Delete a record no invoice uses (reference:write); its links to QuickBooks entries go with it. 409 `REFERENCE_IN_USE` when an invoice names it */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's connections, oldest first, in keyset pages (GraphQL connections, which answers them all)
         * @description Pass `nextCursor` as `after` for the next page; it is null on the last page. `first` above 100 is refused (400 `VALIDATION_FAILED`), not clamped; unknown parameters are refused. (Before issue 17 this answered a bare array of every connection.)
         */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page */
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Connection"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        /**
         * Create a connection to a QuickBooks company file (admin)
         * @description The answer carries the .qwc file and the Web Connector password; the password is shown this once. With `sandbox` true the connection is served by a simulated company file and Web Connector instead.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        companyFilePath?: string;
                        name: string;
                        /**
                         * @description A sandbox: served by a built-in simulated QuickBooks company file and Web Connector (no Windows anywhere); run it with POST /v1/connections/{id}/run. Set for good: no .qwc, no password, a real Web Connector is refused its login. 409 `SANDBOX_LIMIT` past SANDBOX_MAX_PER_TENANT.
                         * @default false
                         */
                        sandbox?: boolean;
                        /** @default 15 */
                        schedulerMinutes?: number;
                        /** Format: date */
                        syncStartDate?: string | null;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Created (a sandbox's password and qwc are null) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"] & {
                            password: string | null;
                            qwc: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Read a connection */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The connection */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename a connection, move its sync start date, change its schedule or company file path (admin; GraphQL updateConnection)
         * @description A new schedule or path reaches the Web Connector with a new .qwc (GET .../qwc). 409 `CONNECTION_NAME_TAKEN`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        companyFilePath?: string;
                        name?: string;
                        schedulerMinutes?: number;
                        /**
                         * Format: date
                         * @description null clears it: every invoice is sent
                         */
                        syncStartDate?: string | null;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The connection */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        trace?: never;
    };
    "/v1/connections/{id}/disable": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a connection (admin; GraphQL disableConnection): its Web Connector is refused (nvu) and nothing is sent; its history is kept */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The connection */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/enable": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled connection again (admin; GraphQL enableConnection); it picks up where it stopped */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The connection */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Connection"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/health": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /**
         * Whether the Web Connector comes as scheduled (GraphQL Connection.health)
         * @description `lastContactAt`: its last check-in, with or without a session (known to a minute). `stale`: not seen for `staleAfterMinutes` (three of its scheduled intervals); the webhook `connection.stale` says so once per silence.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The connection's health */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            connectionId: string;
                            /** Format: date-time */
                            lastContactAt: string | null;
                            lastSession: null | {
                                /** Format: date-time */
                                closedAt: string | null;
                                /** Format: uuid */
                                id: string;
                                lastError: string | null;
                                /** Format: date-time */
                                startedAt: string;
                                /** @enum {unknown} */
                                status: "ACTIVE" | "CLOSED" | "EXPIRED" | "FAILED";
                                summary: string | null;
                            };
                            queue: {
                                due: number;
                                inFlight: number;
                                waiting: number;
                            };
                            schedulerMinutes: number;
                            stale: boolean;
                            staleAfterMinutes: number;
                        };
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/links": {
        parameters: {
            query?: {
                after?: string;
                first?: number;
                kind?: components["schemas"]["ReferenceKind"];
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /**
         * Each reference linked to the QuickBooks entry it stands for, and how (GraphQL Connection.links)
         * @description `linkedBy`: CREATED (this service created the customer), NAME (matched by name, ignoring case, when the list was read), EXPLICIT (a person linked it). An export sends a linked reference under the entry's name as QuickBooks has it now: a rename in QuickBooks follows the link.
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                    kind?: components["schemas"]["ReferenceKind"];
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["QuickBooksLink"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/links/{kind}/{referenceId}": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
                kind: components["schemas"]["ReferenceKind"];
                referenceId: string;
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Link a reference to a QuickBooks entry by its ListID (admin; GraphQL linkReference)
         * @description The entry must be in the connection's list as last read (GET quickbooks-entries), active, and for items of a type invoices use. 404 `UNKNOWN_REFERENCE` or `QUICKBOOKS_ENTRY_NOT_FOUND`; 409 `QUICKBOOKS_ENTRY_NOT_USABLE`.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                    kind: components["schemas"]["ReferenceKind"];
                    referenceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        listId: string;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The link */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QuickBooksLink"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /**
         * Remove a reference's link (admin; GraphQL unlinkReference)
         * @description The reference is sent under its own name again, and matched by name at the next list read. 404 `LINK_NOT_FOUND` when it has none.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                    kind: components["schemas"]["ReferenceKind"];
                    referenceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Removed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kind: components["schemas"]["ReferenceKind"];
                            referenceId: string;
                            removed: boolean;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/list-reads": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Where each list's read stands on the connection (GraphQL Connection.listReads) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description One item per list, never paged (nextCursor is always null) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                failures: number;
                                /** Format: date-time */
                                lastCompletedAt: string | null;
                                /** @enum {unknown} */
                                list: "CUSTOMERS" | "ITEMS" | "CLASSES" | "SALES_TAX_CODES" | "INVENTORY_SITES";
                                /** @description The newest change read (QuickBooks' local time) */
                                modifiedSince: string | null;
                                /** Format: date-time */
                                nextAttemptAt: string | null;
                                passUnderWay: boolean;
                            }[];
                            nextCursor: null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/queue": {
        parameters: {
            query?: {
                after?: string;
                first?: number;
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /**
         * What waits, in the order the Web Connector will take it, with why anything is held (GraphQL Connection.queue)
         * @description `held`: IN_FLIGHT (its request is out), BEFORE_SYNC_START (dated before the sync start date: never sent), BACKOFF (QuickBooks was busy; retried at `heldUntil`); null: it goes at the next round. `next`: INVOICE_ADD, INVOICE_MOD, or INVOICE_QUERY (a lookup of an answer that was lost).
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @enum {unknown} */
                                held: "IN_FLIGHT" | "BEFORE_SYNC_START" | "BACKOFF" | null;
                                /** Format: date-time */
                                heldUntil: string | null;
                                /** Format: uuid */
                                invoiceId: string;
                                /** @enum {unknown} */
                                next: "INVOICE_ADD" | "INVOICE_MOD" | "INVOICE_QUERY";
                                number: string;
                                position: number;
                                /** @enum {unknown} */
                                qbTxnType: "INVOICE" | "CREDIT_MEMO";
                                transientFailures: number;
                                /** Format: date-time */
                                waitingSince: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/quickbooks-entries": {
        parameters: {
            query: {
                after?: string;
                first?: number;
                list: "CUSTOMER" | "ITEM" | "ITEM_SALES_TAX" | "CLASS" | "INVENTORY_SITE" | "SALES_TAX_CODE";
                /** @description A prefix of the name, ignoring case */
                name?: string;
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** One QuickBooks list of the connection as last read, by name (GraphQL Connection.quickBooksEntries) */
        get: {
            parameters: {
                query: {
                    after?: string;
                    first?: number;
                    list: "CUSTOMER" | "ITEM" | "ITEM_SALES_TAX" | "CLASS" | "INVENTORY_SITE" | "SALES_TAX_CODE";
                    /** @description A prefix of the name, ignoring case */
                    name?: string;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                active: boolean;
                                /** @description FullName (Parent:Child) where the list has one, else Name */
                                fullName: string;
                                /** @enum {unknown} */
                                list: "CUSTOMER" | "ITEM" | "ITEM_SALES_TAX" | "CLASS" | "INVENTORY_SITE" | "SALES_TAX_CODE";
                                listId: string;
                                qbType: string;
                                /** @description QuickBooks' TimeModified, in its own form */
                                timeModified: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/qwc": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /**
         * The .qwc file to open in the Web Connector
         * @description 409 `SANDBOX_CONNECTION` for a sandbox (its simulated Web Connector needs none).
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description QBWCXML */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/xml": string;
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/rotate-password": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new Web Connector password (admin); the old one stops working */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The new password, shown this once */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            password: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/run": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a sandbox connection's simulated Web Connector now (admin; GraphQL runConnection)
         * @description One whole session, as the real Web Connector runs one: log in, send what waits, apply the simulated QuickBooks' answers, read back, close. A sandbox also runs on its schedule (schedulerMinutes). 409 `NOT_A_SANDBOX` for a real connection, `SANDBOX_BUSY` while another run or change holds its company.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description What the run did */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SandboxRun"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sandbox": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** A sandbox's simulated QuickBooks company: name, clock, lists, what it holds (GraphQL Connection.sandboxCompany) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The simulated company */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SandboxCompany"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sandbox/hold-records": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sandbox only (admin; GraphQL sandboxHoldRecords): the next `count` requests that would save a record find it open elsewhere (3175, retried later) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        count: number;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The simulated company */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SandboxCompany"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sandbox/invoices/{invoiceId}/delete": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
                invoiceId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sandbox only (admin; GraphQL sandboxDeleteInvoice): someone deletes the invoice in QuickBooks */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            connectionId: string;
                            /** @constant */
                            deleted: true;
                            /** Format: uuid */
                            invoiceId: string;
                            /** @constant */
                            sandbox: true;
                            txnId: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sandbox/invoices/{invoiceId}/edit": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
                invoiceId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sandbox only (admin; GraphQL sandboxEditInvoice): someone changes the invoice in QuickBooks
         * @description The memo, the number, the date, and lines by position (1 = first): description, quantity, rate (the amount is worked out as QuickBooks does). The next run reads the change back. 409 `NOT_IN_QUICKBOOKS_YET` before the invoice reached QuickBooks, `DELETED_IN_QUICKBOOKS`; 400 `NO_SUCH_LINE`, `NEGATIVE_TOTAL`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines?: {
                            description?: string;
                            line: number;
                            /** @description Exact decimal */
                            quantity?: string;
                            /** @description Exact decimal */
                            rate?: string;
                        }[];
                        memo?: string;
                        refNumber?: string;
                        /** Format: date */
                        txnDate?: string;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The transaction as QuickBooks now holds it */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SandboxTransaction"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sandbox/invoices/{invoiceId}/payments": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
                invoiceId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sandbox only (admin; GraphQL sandboxReceivePayment): someone receives a payment in QuickBooks and applies it to the invoice */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Exact decimal, more than 0 and at most the balance */
                        amount: string;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The transaction with its new balance */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SandboxTransaction"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sandbox/items": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sandbox only (admin; GraphQL sandboxAddItem): someone adds a service item to QuickBooks
         * @description 409 `ITEM_EXISTS`, `SANDBOX_FULL` (SANDBOX_MAX_TRANSACTIONS items).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The simulated company */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SandboxCompany"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sandbox/items/{name}": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Sandbox only (admin; GraphQL sandboxDeleteItem): someone deletes the item from QuickBooks; requests naming it are refused 3140 from then on
         * @description 409 `ITEM_IN_USE` when a transaction of the company uses it (QuickBooks deletes only unused items).
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The simulated company */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SandboxCompany"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sandbox/transactions": {
        parameters: {
            query?: {
                after?: string;
                first?: number;
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** The invoices and credit memos the simulated QuickBooks holds, oldest first (GraphQL Connection.sandboxTransactions) */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["SandboxTransaction"][];
                            nextCursor: string | null;
                            /** @constant */
                            sandbox: true;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/sessions": {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page */
                after?: string;
                first?: number;
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /**
         * Web Connector sessions, newest first, with each failure, in keyset pages (GraphQL Connection.sessions)
         * @description Pass `nextCursor` as `after` for the next page; it is null on the last page. `first` above 100 is refused (400 `VALIDATION_FAILED`), not clamped; unknown parameters are refused. (Before issue 17 this answered a bare array of the latest `first`, 10 by default.)
         */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page */
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                closedAt?: string | null;
                                durationMs?: number;
                                /** @description Invoices this session left needing action, counted at its close */
                                failedCount: number;
                                /** @description Each invoice the session left needing action (once, by its last move in the session), with the error shown then; `code` is QuickBooks' status code or HRESULT, or the service's own (`CHANGED_IN_QUICKBOOKS`, `INVALID_FOR_QUICKBOOKS`). */
                                failures: {
                                    at?: string | null;
                                    code?: string;
                                    invoiceId?: string;
                                    invoiceNumber?: string;
                                    message?: string;
                                }[];
                                id: string;
                                lastError?: string | null;
                                qbxmlVersion?: string | null;
                                roundTrips: number;
                                /** Format: date-time */
                                startedAt: string;
                                /** @enum {unknown} */
                                status: "ACTIVE" | "CLOSED" | "EXPIRED" | "FAILED";
                                summary?: string | null;
                                /** @description Invoices QuickBooks confirmed in this session (each once), counted at its close */
                                syncedCount: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connections/{id}/unmatched": {
        parameters: {
            query?: {
                after?: string;
                first?: number;
                kind?: components["schemas"]["ReferenceKind"];
                side?: "QUICKBOOKS" | "SERVICE";
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /**
         * What is unmatched on either side, for the lists this connection has read (GraphQL Connection.unmatched)
         * @description QUICKBOOKS: active entries of the company's lists (customers with jobs, items of the types invoices use, sales tax items, classes, inventory sites) that no reference is linked to or named like, ignoring case. SERVICE: references neither linked nor named like an active entry; an export creates a missing customer, and is refused 3140 for the others. A list the connection has not read through yet is left out. Ordered by side, kind, name ignoring case.
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                    kind?: components["schemas"]["ReferenceKind"];
                    side?: "QUICKBOOKS" | "SERVICE";
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                kind: components["schemas"]["ReferenceKind"];
                                /** @description The entry's ListID (QUICKBOOKS) */
                                listId: string | null;
                                name: string;
                                /** @description The entry's type: CustomerRet, ItemServiceRet, ... */
                                qbType: string | null;
                                /** @description The reference's id (SERVICE) */
                                referenceId: string | null;
                                /** @enum {unknown} */
                                side: "QUICKBOOKS" | "SERVICE";
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the tenant's records, by id: {items, nextCursor} */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Customer"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                id: components["parameters"]["ExternalId"];
            };
            cookie?: never;
        };
        /** Read a customer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The customer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                401: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        /**
         * Create or replace a customer (matched in QuickBooks by name)
         * @description Needs `reference:write` (every user holds it; a key needs the scope or `admin`).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CustomerInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Replaced */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /** Delete a record no invoice uses (reference:write); its links to QuickBooks entries go with it. 409 `REFERENCE_IN_USE` when an invoice names it */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory-locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the tenant's records, by id: {items, nextCursor} */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Named"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory-locations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                id: components["parameters"]["ExternalId"];
            };
            cookie?: never;
        };
        /** Read an inventory location */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The inventory location */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                401: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        /**
         * Create or replace an inventory location (a QuickBooks inventory site)
         * @description Needs `reference:write` (every user holds it; a key needs the scope or `admin`).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NamedInput31"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Replaced */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /** Delete a record no invoice uses (reference:write); its links to QuickBooks entries go with it. 409 `REFERENCE_IN_USE` when an invoice names it */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoice-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the tenant's records, by id: {items, nextCursor} */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Named"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoice-types/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                id: components["parameters"]["ExternalId"];
            };
            cookie?: never;
        };
        /** Read an invoice type */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The invoice type */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                401: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        /**
         * Create or replace an invoice type (a tenant-defined category)
         * @description Needs `reference:write` (every user holds it; a key needs the scope or `admin`).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NamedInput100"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Replaced */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Named"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /** Delete a record no invoice uses (reference:write); its links to QuickBooks entries go with it. 409 `REFERENCE_IN_USE` when an invoice names it */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page of invoices, newest first (GraphQL invoices)
         * @description Keyset pages. Pass `nextCursor` as `after` for the next page; it is null on the last page. `first` above 100 is refused, not clamped. A page also stops before its invoices' lines pass `PAGE_MAX_BYTES` (default 4 MiB, estimated; always at least one invoice), so it may hold fewer than `first` while more follow. Unknown parameters are refused.
         */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page */
                    after?: string;
                    connectionId?: string;
                    customerId?: string;
                    /** @description Invoice dates from this day, inclusive */
                    dateFrom?: string;
                    /** @description Invoice dates up to this day, inclusive */
                    dateTo?: string;
                    /** @description With the other state filters, on one connection */
                    exportStatus?: components["schemas"]["ExportStatus"];
                    /** @description The source app's own id of the invoice */
                    externalId?: string;
                    first?: number;
                    /** @description The invoice number, ignoring case (as QuickBooks compares RefNumbers) */
                    number?: string;
                    /** @description QuickBooks' payment status as last read */
                    paymentStatus?: "UNPAID" | "PARTIALLY_PAID" | "PAID";
                    status?: components["schemas"]["InvoiceStatus"];
                    /** @description Matches the status on any of the invoice's connections */
                    syncStatus?: components["schemas"]["SyncStatus"];
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Invoice"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        /** Create an invoice (GraphQL createInvoice) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateInvoiceInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Created; `Location` names the new invoice */
                201: {
                    headers: {
                        Location: components["headers"]["Location"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invoice"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        /** Read an invoice (GraphQL invoice) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The invoice */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invoice"];
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit an invoice (GraphQL updateInvoice)
         * @description The same input and rules as `updateInvoice`. Once the invoice is exported, choose a `decision`:
         *     `SAVE_AND_SYNC` queues an InvoiceMod, `SAVE_AND_BYPASS` keeps the edit here only. A stale
         *     `expectedVersion` is 409 `VERSION_CONFLICT`; a rule refusing the change is a problem with the
         *     rule's code (`ZERO_TOTAL_NOT_ALLOWED`, `PERIOD_CLOSED`, `AFP_NOT_EDITABLE`, `INVOICE_POSTED`,
         *     `EXPORTED_EDITS_DISABLED`, `TOO_MANY_LINES`: 422; `PERMISSION_DENIED`: 403; `DECISION_REQUIRED`, `CONNECTION_REQUIRED`:
         *     400; `SYNC_NOT_POSSIBLE`, `INVOICE_CLOSED`, `TRANSACTION_TYPE_CHANGE` (an exported credit memo
         *     whose total would turn positive, or an invoice whose total would turn negative): 409) and the field in `errors`. Warnings such as
         *     `ALREADY_SENT_TO_ACCOUNTING` come with the saved invoice. An `Idempotency-Key` is honoured here too.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateInvoiceInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Saved (or nothing changed, with the warning NO_CHANGES) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceResult"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        trace?: never;
    };
    "/v1/invoices/{id}/accept-quickbooks-version": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take QuickBooks' copy of an invoice changed there as its content (GraphQL acceptQuickBooksVersion)
         * @description For an invoice in `ACTION_REQUIRED` with `CHANGED_IN_QUICKBOOKS` (else 409 `NOT_CHANGED_IN_QUICKBOOKS`). A new revision (decision `QUICKBOOKS`) holds QuickBooks' copy and the invoice is `SYNCED` on that connection. Names QuickBooks uses are matched to reference data ignoring case; one that matches nothing or several gives 409 `QUICKBOOKS_NAMES_UNMATCHED`. Needs `editExportedTransactions`; `connectionId` only when the invoice is in several company files.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ConnectionChoice"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description QuickBooks' version taken */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceResult"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/adjustments": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an adjustment invoice carrying the difference of corrections to this one (GraphQL createAdjustmentInvoice)
         * @description Where editing is not allowed. The new invoice references the original (`adjustsInvoiceId`) and goes through the normal lifecycle. It carries a changed line as two (minus the old, plus the new), so it too may hold at most `INVOICE_MAX_LINES` lines (422 `TOO_MANY_LINES` on `lines`).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AdjustmentInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The adjustment invoice; `Location` names it */
                201: {
                    headers: {
                        Location: components["headers"]["Location"];
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invoice"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/bypass": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give up pushing a pending or refused change to QuickBooks (GraphQL bypassInvoiceSync)
         * @description Needs `editExportedTransactions`. `connectionId` is needed only when the invoice is in several company files (else 400 `CONNECTION_REQUIRED`).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ConnectionChoice"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Bypassed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceResult"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/history": {
        parameters: {
            query?: {
                after?: string;
                connectionId?: string;
                first?: number;
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        /**
         * Every move of the invoice's sync status, oldest first, with who and why (GraphQL Invoice.history)
         * @description Re-Sync, Bypass and edits carry the acting user and API key; moves the Web Connector's answers made carry their session.
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    connectionId?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                actorApiKeyId: string | null;
                                actorUserId: string | null;
                                /** Format: date-time */
                                at: string;
                                /** Format: uuid */
                                connectionId: string;
                                errorCode: string | null;
                                errorMessage: string | null;
                                from: components["schemas"]["SyncStatus"] | null;
                                reason: string;
                                sessionId: string | null;
                                to: components["schemas"]["SyncStatus"];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/overwrite-quickbooks": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send this service's version over an invoice changed in QuickBooks (GraphQL overwriteQuickBooks)
         * @description For an invoice in `ACTION_REQUIRED` with `CHANGED_IN_QUICKBOOKS` (else 409 `NOT_CHANGED_IN_QUICKBOOKS`). QuickBooks' copy is recorded as a revision (decision `QUICKBOOKS`), then this version is saved again with Save & Sync (`PENDING`): the next InvoiceMod changes exactly what differs from QuickBooks' copy. Needs `editExportedTransactions`; `connectionId` only when the invoice is in several company files.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ConnectionChoice"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description This version queued for QuickBooks */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceResult"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/payments": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        /**
         * The invoice's payments recorded here, oldest first (GraphQL Invoice.payments)
         * @description Every payment in one page (they never pay more than the invoice owes), so `nextCursor` is always null; it takes no parameters.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The payments, never paged (nextCursor is always null) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["InvoicePayment"][];
                            nextCursor: null;
                        };
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        /**
         * Record a payment taken in the source app; the Web Connector sends it to QuickBooks (GraphQL recordInvoicePayment)
         * @description Sent as a `ReceivePaymentAdd` applied to the invoice's TxnID, exactly once (its `ExternalGUID` is looked up before anything is sent again when an answer is lost). Refused, nothing saved: 409 `PAYMENT_NOT_POSSIBLE` before QuickBooks has confirmed the invoice, or when it is a credit memo there; 422 `OVERPAYMENT` when the amount is more than what is still owed (QuickBooks' balance as last read, or the invoice's total before any read, less payments recorded here that the balance does not show yet); 400 `CONNECTION_REQUIRED` when the invoice is in several company files and `connectionId` is missing. `method` must be a payment method of the company file, else QuickBooks refuses it and the payment shows `ACTION_REQUIRED` with QuickBooks' reason.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Positive, at most two decimals, e.g. "125.00" */
                        amount: components["schemas"]["Decimal"];
                        /** Format: uuid */
                        connectionId?: string | null;
                        /** Format: date */
                        date: string;
                        memo?: string | null;
                        /** @description A payment method of the QuickBooks company file (Check, Cash, Visa, ...) */
                        method?: string | null;
                        /** @description RefNumber in QuickBooks (a check number */
                        reference?: string | null;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Recorded; sent at the next Web Connector session */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoicePayment"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/preview": {
        parameters: {
            query?: {
                /** @description Needed when the invoice is in several company files */
                connectionId?: string;
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        /**
         * What the next Web Connector round would send for the invoice: the exact qbXML and the change in words, or why nothing (GraphQL Invoice.preview)
         * @description Built by the same code as a real round against the company's stored preferences, recording nothing. `reason.code`: NOT_EXPORTED, NOTHING_PENDING, IN_FLIGHT, BEFORE_SYNC_START, INVALID_FOR_QUICKBOOKS (nothing is sent), or BACKOFF (it goes at `heldUntil`).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Needed when the invoice is in several company files */
                    connectionId?: string;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The preview */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: string[];
                            /** Format: uuid */
                            connectionId: string | null;
                            /** Format: date-time */
                            heldUntil: string | null;
                            /** Format: uuid */
                            invoiceId: string;
                            /** @enum {unknown} */
                            qbTxnType: "INVOICE" | "CREDIT_MEMO" | null;
                            qbxml: string | null;
                            reason: null | {
                                code: string;
                                message: string;
                            };
                            /** @enum {unknown} */
                            request: "INVOICE_ADD" | "INVOICE_MOD" | "INVOICE_QUERY" | null;
                            sends: boolean;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/resync": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Push the current state to QuickBooks in one InvoiceMod (GraphQL resyncInvoice)
         * @description Needs `editExportedTransactions`. Without `connectionId`, every connection the invoice is in. For an add QuickBooks refused (export `FAILED`), queues the add again.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ConnectionChoice"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Queued */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceResult"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/revisions": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        /**
         * Every saved change of the invoice, oldest first, in keyset pages (GraphQL Invoice.revisions)
         * @description Keyset pages by version, with the envelope of `GET /v1/invoices`: pass `nextCursor` as `after` for the next page; it is null on the last page. `first` above 100 is refused (400 `VALIDATION_FAILED`), not clamped. A page also stops before its revisions' snapshots and diffs pass `PAGE_MAX_BYTES` (default 4 MiB; always at least one revision), so a page may hold fewer than `first` while more follow: follow `nextCursor`, do not count. Unknown parameters are refused. (Before issue 14 this answered a bare array of every revision.)
         */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page */
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page of revisions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Revision"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/sync-attempts": {
        parameters: {
            query?: {
                after?: string;
                connectionId?: string;
                first?: number;
            };
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        /**
         * Every request sent to QuickBooks for the invoice, with the exact qbXML sent and received (GraphQL Invoice.syncAttempts)
         * @description Oldest first. A page stops before its XML passes PAGE_MAX_BYTES (always one request), so it may hold fewer than `first` while more follow.
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    connectionId?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                connectionId: string;
                                hresult: string | null;
                                /** Format: uuid */
                                id: string;
                                invoiceVersion: number | null;
                                /** @description INVOICE_ADD, INVOICE_MOD, INVOICE_QUERY, CUSTOMER_ADD, PAYMENT_ADD, ... */
                                kind: string;
                                /** @enum {unknown} */
                                outcome: "SENT" | "SUCCEEDED" | "FAILED" | "RETRY" | "UNKNOWN" | "SKIPPED";
                                requestId: string;
                                /** @description The request element exactly as sent */
                                requestXml: string;
                                /** Format: date-time */
                                respondedAt: string | null;
                                /** @description QuickBooks' answer to it exactly as received */
                                responseXml: string | null;
                                /** Format: date-time */
                                sentAt: string;
                                /** Format: uuid */
                                sessionId: string;
                                statusCode: number | null;
                                statusMessage: string | null;
                                statusSeverity: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}/unlock": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                 *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                 *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                 *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                 *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                 *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                 *     never done twice. Keys are per tenant and kept 24 hours. An
                 *     answer is replayed only to the API key that made the request (another key: 422).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                /** @description The invoice's id (given by the service) */
                id: components["parameters"]["InvoiceId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make an export-bypassed or imported invoice freely editable again (administrators; GraphQL unlockInvoice) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The invoice's id (given by the service) */
                    id: components["parameters"]["InvoiceId"];
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Unlocked (or already unlocked, with the warning ALREADY_UNLOCKED) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceResult"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/by-external-id/{externalId}": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path: {
                externalId: string;
            };
            cookie?: never;
        };
        /** Read the invoice the source app knows by its own id (GraphQL invoiceByExternalId) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    externalId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The invoice */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invoice"];
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the tenant's records, by id: {items, nextCursor} */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Item"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                id: components["parameters"]["ExternalId"];
            };
            cookie?: never;
        };
        /** Read an item */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The item */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Item"];
                    };
                };
                401: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        /**
         * Create or replace an item
         * @description Needs `reference:write` (every user holds it; a key needs the scope or `admin`).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ItemInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Replaced */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Item"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Item"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /** Delete a record no invoice uses (reference:write); its links to QuickBooks entries go with it. 409 `REFERENCE_IN_USE` when an invoice names it */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sync-errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The pending export report, newest first (GraphQL syncErrors)
         * @description Every invoice whose export failed or whose change QuickBooks refused, with the reason, how to fix it and when, in keyset pages (newest error first, then the latest change): pass `nextCursor` as `after` for the next page; it is null on the last page. An entry that changes between two pages may move. `first` above 200 is cut to 200, not refused; 0 or less is refused. Unknown parameters are refused. (Before issue 17 this answered a bare array of the first page.)
         */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page */
                    after?: string;
                    connectionId?: string;
                    /** @description At most 200 entries are returned in a page */
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page of entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["SyncErrorEntry"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tax-zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the tenant's records, by id: {items, nextCursor} */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["TaxZone"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tax-zones/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                id: components["parameters"]["ExternalId"];
            };
            cookie?: never;
        };
        /** Read a tax zone */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The tax zone */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TaxZone"];
                    };
                };
                401: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        /**
         * Create or replace a tax zone (a QuickBooks sales-tax item or group)
         * @description Needs `reference:write` (every user holds it; a key needs the scope or `admin`).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TaxZoneInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Replaced */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TaxZone"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TaxZone"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /** Delete a record no invoice uses (reference:write); its links to QuickBooks entries go with it. 409 `REFERENCE_IN_USE` when an invoice names it */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenant/settings": {
        parameters: {
            query?: never;
            header?: {
                /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                "X-User-Id"?: components["parameters"]["UserId"];
            };
            path?: never;
            cookie?: never;
        };
        /** The caller's company settings (GraphQL tenantSettings) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantSettings"];
                    };
                };
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the caller's company settings (admin; GraphQL updateTenantSettings) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        allowExportedEdits: boolean;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TenantSettings"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        trace?: never;
    };
    "/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a tenant (the installation's admin principal only)
         * @description Only an `admin` key of the installation's first tenant may, and when `X-User-Id` is sent, only
         *     for an admin user (effective permissions). The response carries the new tenant's API key, of
         *     the admin scope (`["admin", "editExportedTransactions"]`); it is shown this once.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            apiKey: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of the tenant's records, by id: {items, nextCursor} */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    first?: number;
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description A page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["User"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                id: components["parameters"]["ExternalId"];
            };
            cookie?: never;
        };
        /** Read a user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                401: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        /**
         * Create or replace a user of the source app, with permissions (admin)
         * @description Needs `admin` (effective: the key's and the acting user's). The write may keep the user's
         *     present permissions and remove any, but add only permissions the request effectively holds
         *     itself; otherwise 403 `PERMISSION_DENIED` and nothing is saved. Nobody raises their own set.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UserInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Replaced */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        post?: never;
        /** Delete a record no invoice uses (admin); its links to QuickBooks entries go with it. 409 `REFERENCE_IN_USE` when an invoice names it */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The source app's own id for the record (no slashes, at most 100 characters). */
                    id: components["parameters"]["ExternalId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's webhook endpoints (without secrets), oldest first
         * @description A tenant has at most 50 endpoints, so they come in one page and `nextCursor` is always null; it takes no parameters. (Before issue 17 this answered `{endpoints}`.)
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Every endpoint, never paged (nextCursor is always null) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["WebhookEndpoint"][];
                            nextCursor: null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        /**
         * Register a webhook endpoint; the signing secret is in this answer only
         * @description Events are POSTed to `url` signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
         *     `webhook-signature`). `url` must be http(s) and resolve to public addresses only (private,
         *     loopback, link-local and unique-local targets are refused unless the service runs with
         *     `WEBHOOKS_ALLOW_PRIVATE_TARGETS=true`). Needs the `admin` permission.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WebhookEndpointInput"];
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The endpoint, with its secret (shown this once) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                /** @description The target is not allowed (`WEBHOOK_TARGET_NOT_ALLOWED`: a private address, or a port below 1024 other than 80 and 443) or does not resolve (`WEBHOOK_TARGET_UNRESOLVABLE`); or `IDEMPOTENCY_KEY_REUSED` */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint's id (given by the service) */
                id: components["parameters"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        /** One webhook endpoint (without its secret) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The webhook endpoint's id (given by the service) */
                    id: components["parameters"]["WebhookEndpointId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"];
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        /** Delete the endpoint; its undelivered events are dropped */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The webhook endpoint's id (given by the service) */
                    id: components["parameters"]["WebhookEndpointId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        options?: never;
        head?: never;
        /** A new URL (checked as at creation) or a new list of events (admin); the secret stays */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The webhook endpoint's id (given by the service) */
                    id: components["parameters"]["WebhookEndpointId"];
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        events?: components["schemas"]["WebhookEventType"][];
                        url?: string;
                    };
                };
            };
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"];
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint's id (given by the service) */
                id: components["parameters"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        /**
         * The endpoint's delivery log, newest first, in keyset pages
         * @description Pass `nextCursor` as `after` for the next page; it is null on the last page. `first` above 100 is refused (400 `VALIDATION_FAILED`), not clamped; unknown parameters are refused. (Before issue 17 this answered `{deliveries, nextCursor}`, the cursor a delivery id.)
         */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page */
                    after?: string;
                    first?: number;
                    status?: components["schemas"]["WebhookDeliveryStatus"];
                };
                header?: {
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The webhook endpoint's id (given by the service) */
                    id: components["parameters"]["WebhookEndpointId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["WebhookDelivery"][];
                            nextCursor: string | null;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
                /** @description The webhook endpoint's id (given by the service) */
                id: components["parameters"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send one delivery again, now, whatever became of it (admin); 409 `DELIVERY_IN_PROGRESS` while it is being sent */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    deliveryId: string;
                    /** @description The webhook endpoint's id (given by the service) */
                    id: components["parameters"]["WebhookEndpointId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Queued again */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveryId: string;
                            /** @constant */
                            status: "PENDING";
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint's id (given by the service) */
                id: components["parameters"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-enable an endpoint that was disabled (its receiver answered 410 Gone) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The webhook endpoint's id (given by the service) */
                    id: components["parameters"]["WebhookEndpointId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpoint"];
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint's id (given by the service) */
                id: components["parameters"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret, shown this once
         * @description Until `previousSecretExpiresAt` (`WEBHOOKS_ROTATION_GRACE_SECONDS`, 24 hours by default) every
         *     delivery carries two signatures in `webhook-signature`, one per secret, so receivers can switch
         *     to the new secret without missing an event.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The webhook endpoint's id (given by the service) */
                    id: components["parameters"]["WebhookEndpointId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description The endpoint with its new secret */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                    };
                };
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook endpoint's id (given by the service) */
                id: components["parameters"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a `webhook.test` event to the endpoint, whatever it subscribes to (admin); its delivery shows in the log */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
                     *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
                     *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
                     *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
                     *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
                     *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
                     *     never done twice. Keys are per tenant and kept 24 hours. An
                     *     answer is replayed only to the API key that made the request (another key: 422).
                     */
                    "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
                    /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
                    "X-User-Id"?: components["parameters"]["UserId"];
                };
                path: {
                    /** @description The webhook endpoint's id (given by the service) */
                    id: components["parameters"]["WebhookEndpointId"];
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                "5XX": components["responses"]["ServerError"];
                /** @description Queued */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveryId: string;
                        };
                    };
                };
                400: components["responses"]["Problem"];
                401: components["responses"]["Problem"];
                403: components["responses"]["Problem"];
                404: components["responses"]["Problem"];
                409: components["responses"]["Problem"];
                422: components["responses"]["Problem"];
                429: components["responses"]["TooManyRequests"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "connection.session_completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A Web Connector session ended (closed normally, failed to open QuickBooks, or expired when a new one began) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event's id; the same on every retry (deduplicate on it) */
                    "webhook-id": components["parameters"]["WebhookId"];
                    /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, one per active secret (two during a rotation) */
                    "webhook-signature": components["parameters"]["WebhookSignature"];
                    /** @description Seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEventEnvelope"] & {
                        data?: {
                            /** Format: date-time */
                            closedAt?: string | null;
                            /** Format: uuid */
                            connectionId: string;
                            failed: number;
                            lastError?: string | null;
                            roundTrips?: number;
                            /** Format: uuid */
                            sessionId: string;
                            skipped: number;
                            /** Format: date-time */
                            startedAt?: string;
                            /** @enum {unknown} */
                            status: "CLOSED" | "FAILED" | "EXPIRED";
                            summary?: string | null;
                            synced: number;
                        };
                        /** @constant */
                        type?: "connection.session_completed";
                    };
                };
            };
            responses: {
                /** @description Received (any other answer is retried) */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "connection.stale": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A Web Connector has not been seen for three of its scheduled intervals (sent once per silence; a later check-in ends it) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event's id; the same on every retry (deduplicate on it) */
                    "webhook-id": components["parameters"]["WebhookId"];
                    /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, one per active secret (two during a rotation) */
                    "webhook-signature": components["parameters"]["WebhookSignature"];
                    /** @description Seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEventEnvelope"] & {
                        data?: {
                            /** Format: uuid */
                            connectionId: string;
                            /** Format: date-time */
                            lastContactAt: string;
                            name: string;
                            schedulerMinutes: number;
                            staleAfterMinutes: number;
                        };
                        /** @constant */
                        type?: "connection.stale";
                    };
                };
            };
            responses: {
                /** @description Received (any other answer is retried) */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "invoice.exported": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** QuickBooks confirmed an invoice's InvoiceAdd, or its export was bypassed (status is now EXPORTED) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event's id; the same on every retry (deduplicate on it) */
                    "webhook-id": components["parameters"]["WebhookId"];
                    /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, one per active secret (two during a rotation) */
                    "webhook-signature": components["parameters"]["WebhookSignature"];
                    /** @description Seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEventEnvelope"] & {
                        data?: {
                            batchId?: string | null;
                            bypassed: boolean;
                            connectionId: string | null;
                            /** Format: uuid */
                            invoiceId: string;
                            invoiceNumber: string;
                            qbTxnId?: string | null;
                            qbTxnNumber?: number | null;
                            version?: number | null;
                        };
                        /** @constant */
                        type?: "invoice.exported";
                    };
                };
            };
            responses: {
                /** @description Received (any other answer is retried) */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "invoice.payment_status_changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What QuickBooks says is paid on an exported invoice moved its payment status (read back from QuickBooks: a payment received there, say) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event's id; the same on every retry (deduplicate on it) */
                    "webhook-id": components["parameters"]["WebhookId"];
                    /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, one per active secret (two during a rotation) */
                    "webhook-signature": components["parameters"]["WebhookSignature"];
                    /** @description Seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEventEnvelope"] & {
                        data?: {
                            amountPaid: components["schemas"]["Decimal"];
                            balance: components["schemas"]["Decimal"];
                            /** Format: uuid */
                            connectionId: string;
                            /** @description null on the first read of the invoice */
                            from: components["schemas"]["PaymentStatus"] | null;
                            /** Format: uuid */
                            invoiceId: string;
                            invoiceNumber: string;
                            qbTxnId: string;
                            to: components["schemas"]["PaymentStatus"];
                        };
                        /** @constant */
                        type?: "invoice.payment_status_changed";
                    };
                };
            };
            responses: {
                /** @description Received (any other answer is retried) */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "invoice.sync_status_changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An invoice's sync status on a connection changed (edit, Re-Sync, Bypass, QuickBooks' answer) */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event's id; the same on every retry (deduplicate on it) */
                    "webhook-id": components["parameters"]["WebhookId"];
                    /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, one per active secret (two during a rotation) */
                    "webhook-signature": components["parameters"]["WebhookSignature"];
                    /** @description Seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEventEnvelope"] & {
                        data?: {
                            /** Format: uuid */
                            connectionId: string;
                            /** @description With `to: ACTION_REQUIRED`: what QuickBooks refused and how to fix it */
                            error?: {
                                code?: string;
                                fix?: string;
                                helpUrl?: string;
                                message?: string;
                            };
                            from: components["schemas"]["SyncStatus"];
                            /** Format: uuid */
                            invoiceId: string;
                            invoiceNumber: string | null;
                            reason: string;
                            /** @description The Web Connector session, when QuickBooks' answer caused the change */
                            sessionId?: string | null;
                            to: components["schemas"]["SyncStatus"];
                            version: number | null;
                        };
                        /** @constant */
                        type?: "invoice.sync_status_changed";
                    };
                };
            };
            responses: {
                /** @description Received (any other answer is retried) */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "invoice.updated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An invoice was edited (any decision) or unlocked */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The event's id; the same on every retry (deduplicate on it) */
                    "webhook-id": components["parameters"]["WebhookId"];
                    /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, one per active secret (two during a rotation) */
                    "webhook-signature": components["parameters"]["WebhookSignature"];
                    /** @description Seconds since the epoch when this attempt was signed */
                    "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WebhookEventEnvelope"] & {
                        data?: {
                            changedFields?: string[];
                            /** @description The connection a Save & Bypass applied to */
                            connectionId?: string | null;
                            /** @enum {unknown} */
                            decision: "SAVE" | "SAVE_AND_SYNC" | "SAVE_AND_BYPASS" | "UNLOCK";
                            externalId?: string | null;
                            /** Format: uuid */
                            invoiceId: string;
                            invoiceNumber: string;
                            linesAdded?: number;
                            linesChanged?: number;
                            linesRemoved?: number;
                            userId?: string | null;
                            version: number;
                        };
                        /** @constant */
                        type?: "invoice.updated";
                    };
                };
            };
            responses: {
                /** @description Received (any other answer is retried) */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        AccountingPeriod: components["schemas"]["Timestamps"] & {
            closed: boolean;
            /** Format: date */
            endDate: string;
            id: string;
            /** Format: date */
            startDate: string;
        };
        AccountingPeriodInput: {
            /** @default false */
            closed?: boolean;
            /** Format: date */
            endDate: string;
            /** Format: date */
            startDate: string;
        };
        Address: {
            addr1?: string;
            addr2?: string;
            addr3?: string;
            addr4?: string;
            addr5?: string;
            city?: string;
            country?: string;
            note?: string;
            postalCode?: string;
            state?: string;
        };
        AdjustmentInput: {
            customerId?: components["schemas"]["ReferenceId"];
            /**
             * Format: date
             * @description Default: the original's date
             */
            date?: string;
            invoiceTypeId?: components["schemas"]["ReferenceId"] | null;
            lines?: components["schemas"]["LineChanges"];
            /** @description The adjustment invoice's own number */
            number: string;
            summary?: string;
            taxZoneId?: components["schemas"]["ReferenceId"] | null;
        };
        ApiKey: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** @description Set by `ADMIN_API_KEY`; change the variable to change it */
            fromConfig: boolean;
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Refreshed at most once a minute
             */
            lastUsedAt: string | null;
            name: string;
            permissions: string[];
            /** @description The first characters of the key, to tell keys apart (not a secret) */
            prefix: string;
            /**
             * Format: date-time
             * @description Until when the value replaced by the last rotation is still accepted
             */
            previousKeyExpiresAt: string | null;
            /** Format: date-time */
            revokedAt: string | null;
            /** Format: date-time */
            rotatedAt: string | null;
        };
        ApiKeyInput: {
            /**
             * Format: date-time
             * @description In the future; null or absent for a key that does not expire
             */
            expiresAt?: string | null;
            name: string;
            /** @description The key's scopes; `[]` makes a read-only key */
            permissions: components["schemas"]["Permission"][];
        };
        ApiKeyWithValue: components["schemas"]["ApiKey"] & {
            /** @description The API key; shown this once */
            key: string;
        };
        Batch: {
            /** Format: uuid */
            connectionId: string | null;
            /** Format: uuid */
            id: string;
            invoiceIds: string[];
            /** @description Invoices an export left out, with the reason (no lines) */
            skipped: {
                /** Format: uuid */
                invoiceId: string;
                reason: string;
            }[];
            /** @enum {unknown} */
            status: "OPEN" | "POSTED" | "EXPORT_QUEUED" | "EXPORTED" | "EXPORT_BYPASSED";
        };
        Connection: {
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description Set while disabled: its Web Connector is refused; its history is kept
             */
            disabledAt?: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            lastSessionAt?: string | null;
            name: string;
            qbxmlVersion?: string | null;
            /** @description Served by a simulated QuickBooks company file and Web Connector, never by a real one */
            sandbox?: boolean;
            schedulerMinutes: number;
            /** Format: date */
            syncStartDate?: string | null;
            /** @description strUserName the Web Connector sends */
            username: string;
        };
        ConnectionChoice: {
            /** Format: uuid */
            connectionId?: string | null;
        };
        CreateInvoiceInput: {
            /** Format: uuid */
            adjustsInvoiceId?: string | null;
            customerId: components["schemas"]["ReferenceId"];
            /** Format: date */
            date: string;
            /** @description The source app's own id; unique per tenant (409 EXTERNAL_ID_TAKEN) */
            externalId?: string | null;
            invoiceTypeId?: components["schemas"]["ReferenceId"] | null;
            /**
             * @description Created from an Application for Payment (not editable after export)
             * @default false
             */
            isAfp?: boolean;
            /**
             * @description At most `INVOICE_MAX_LINES` (default 500), else 422 `TOO_MANY_LINES` on `lines`
             * @default []
             */
            lines?: components["schemas"]["LineInput"][];
            /** @description QuickBooks' RefNumber limit */
            number: string;
            /** @default  */
            summary?: string;
            taxZoneId?: components["schemas"]["ReferenceId"] | null;
        };
        Customer: components["schemas"]["Timestamps"] & {
            billAddress: components["schemas"]["Address"] | null;
            email: string | null;
            id: string;
            name: string;
        };
        CustomerInput: {
            billAddress?: components["schemas"]["Address"] | null;
            /** Format: email */
            email?: string | null;
            name: string;
        };
        /** @description An exact decimal as a string, e.g. "12.50"; never a JSON number */
        Decimal: string;
        /** @enum {unknown} */
        ExportStatus: "QUEUED" | "EXPORTED" | "FAILED" | "BYPASSED";
        FailingObject: {
            kind: string;
            name: string;
        };
        Invoice: {
            /** Format: uuid */
            adjustsInvoiceId: string | null;
            /** @description What QuickBooks says is paid, on the connection the invoice was exported to (read back from QuickBooks); null until read */
            amountPaid: components["schemas"]["Decimal"] | null;
            /** @description What QuickBooks says is still owed (its BalanceRemaining, sales tax included); null until read */
            balance: components["schemas"]["Decimal"] | null;
            /** Format: uuid */
            batchId: string | null;
            /** @description Paid in full in QuickBooks: closed, edits and Re-Sync are refused with 409 INVOICE_CLOSED (an adjustment invoice carries a difference) */
            closed: boolean;
            /** Format: date-time */
            createdAt: string;
            customerId: string;
            /** Format: date */
            date: string;
            exportBypassed: boolean;
            externalId: string | null;
            /** Format: uuid */
            id: string;
            invoiceTypeId: string | null;
            isAfp: boolean;
            lines: components["schemas"]["InvoiceLine"][];
            number: string;
            paymentStatus: components["schemas"]["PaymentStatus"] | null;
            status: components["schemas"]["InvoiceStatus"];
            summary: string;
            sync: components["schemas"]["InvoiceSync"][];
            /** @description The status on the connection the invoice was exported to */
            syncStatus: components["schemas"]["SyncStatus"];
            taxZoneId: string | null;
            /** @description Sum of the line amounts; QuickBooks adds sales tax */
            total: components["schemas"]["Decimal"];
            unlocked: boolean;
            /** Format: date-time */
            updatedAt: string;
            /** @description Bumped by every saved change; send it back as expectedVersion */
            version: number;
        };
        InvoiceLine: {
            /** @description quantity x unitPrice, rounded to cents as QuickBooks rounds */
            amount: components["schemas"]["Decimal"];
            businessUnitId: string | null;
            cost: components["schemas"]["Decimal"] | null;
            description: string;
            /** Format: uuid */
            id: string;
            inventoryLocationId: string | null;
            itemId: string;
            quantity: components["schemas"]["Decimal"];
            taxable: boolean;
            unitPrice: components["schemas"]["Decimal"];
        };
        InvoicePayment: {
            amount: components["schemas"]["Decimal"];
            /** Format: uuid */
            connectionId: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date */
            date: string;
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            invoiceId: string;
            lastError: null | {
                code: string;
                fix: string | null;
                message: string;
            };
            memo: string | null;
            method: string | null;
            /** @description QuickBooks' TxnID of the payment, once it holds it */
            qbTxnId: string | null;
            reference: string | null;
            /**
             * @description PENDING until QuickBooks confirms it (SYNCED); ACTION_REQUIRED when QuickBooks refused it (lastError says why; record a corrected payment)
             * @enum {unknown}
             */
            status: "PENDING" | "SYNCED" | "ACTION_REQUIRED";
            /** Format: date-time */
            syncedAt: string | null;
        };
        InvoiceResult: {
            invoice: components["schemas"]["Invoice"];
            warnings: components["schemas"]["Warning"][];
        };
        /** @enum {unknown} */
        InvoiceStatus: "PENDING" | "POSTED" | "EXPORTED";
        InvoiceSync: {
            /** @description What QuickBooks says is paid on the invoice on this connection (read back from QuickBooks); null until a read has seen it there */
            amountPaid: components["schemas"]["Decimal"] | null;
            /** @description What QuickBooks says is still owed (BalanceRemaining, sales tax included) */
            balance: components["schemas"]["Decimal"] | null;
            /** Format: uuid */
            connectionId: string;
            exportStatus: components["schemas"]["ExportStatus"];
            lastError: components["schemas"]["SyncError"] | null;
            paymentStatus: components["schemas"]["PaymentStatus"] | null;
            qbEditSequence: string | null;
            /**
             * Format: date-time
             * @description When QuickBooks' copy was last read back
             */
            qbReadAt: string | null;
            qbTxnId: string | null;
            /**
             * @description What QuickBooks keeps the invoice as: CREDIT_MEMO when its total was negative at export (CreditMemoAdd / CreditMemoMod), fixed from then on
             * @enum {unknown}
             */
            qbTxnType: "INVOICE" | "CREDIT_MEMO";
            status: components["schemas"]["SyncStatus"];
            /** Format: date-time */
            updatedAt: string;
        };
        Item: components["schemas"]["Timestamps"] & {
            id: string;
            name: string;
            /** @enum {unknown} */
            type: "SERVICE" | "INVENTORY" | "NON_INVENTORY" | "OTHER_CHARGE";
        };
        ItemInput: {
            name: components["schemas"]["QbName31"];
            /** @enum {unknown} */
            type: "SERVICE" | "INVENTORY" | "NON_INVENTORY" | "OTHER_CHARGE";
        };
        LineChanges: {
            /** @description The invoice after the change may hold at most `INVOICE_MAX_LINES` lines (default 500): a change that would grow it past the cap is refused (422 `TOO_MANY_LINES` on `lines.add`, saying the cap and the current count) and nothing is saved. A change that does not grow the count always passes. */
            add?: components["schemas"]["LineInput"][];
            /** @description Ids of lines to delete */
            remove?: string[];
            update?: components["schemas"]["LineUpdateInput"][];
        };
        LineInput: {
            businessUnitId?: components["schemas"]["ReferenceId"] | null;
            cost?: string | null;
            /** @default  */
            description?: string;
            inventoryLocationId?: components["schemas"]["ReferenceId"] | null;
            itemId: components["schemas"]["ReferenceId"];
            quantity: string;
            /** @default false */
            taxable?: boolean;
            unitPrice: string;
        };
        /** @description The line's id and only the fields that change. */
        LineUpdateInput: {
            businessUnitId?: components["schemas"]["ReferenceId"] | null;
            cost?: string | null;
            description?: string;
            id: string;
            inventoryLocationId?: components["schemas"]["ReferenceId"] | null;
            itemId?: components["schemas"]["ReferenceId"];
            quantity?: string;
            taxable?: boolean;
            unitPrice?: string;
        };
        Named: components["schemas"]["Timestamps"] & {
            id: string;
            name: string;
        };
        NamedInput31: {
            name: components["schemas"]["QbName31"];
        };
        NamedInput100: {
            name: string;
        };
        /**
         * @description Whether the invoice is paid in QuickBooks, from its balance there
         * @enum {unknown}
         */
        PaymentStatus: "UNPAID" | "PARTIALLY_PAID" | "PAID";
        /**
         * @description `admin`: users, API keys, connections, webhook endpoints, tenant settings, unlock, bypass-export
         *     (implies `invoices:write` and `reference:write`); `editExportedTransactions`: edit, re-sync and
         *     bypass exported invoices; `invoices:write`: invoices, batches and sync decisions;
         *     `reference:write`: reference data except users.
         * @enum {unknown}
         */
        Permission: "admin" | "editExportedTransactions" | "invoices:write" | "reference:write";
        Problem: {
            /**
             * @description Stable machine-readable code. Among them: VALIDATION_FAILED (400, with `errors`), INVALID_JSON,
             *     UNSUPPORTED_MEDIA_TYPE, BODY_TOO_LARGE, UNAUTHENTICATED and INVALID_API_KEY (401),
             *     PERMISSION_DENIED and UNKNOWN_USER (403), INVOICE_NOT_FOUND, BATCH_NOT_FOUND,
             *     CONNECTION_NOT_FOUND, ROUTE_NOT_FOUND (404), VERSION_CONFLICT, INVALID_BATCH_STATE,
             *     SYNC_NOT_POSSIBLE, IDEMPOTENCY_REQUEST_IN_PROGRESS, IDEMPOTENCY_CLAIM_LOST,
             *     IDEMPOTENCY_RESPONSE_LOST (409), the editing rules
             *     (ZERO_TOTAL_NOT_ALLOWED, PERIOD_CLOSED, AFP_NOT_EDITABLE, INVOICE_POSTED,
             *     EXPORTED_EDITS_DISABLED, 422), IDEMPOTENCY_KEY_REUSED (422), INVALID_IDEMPOTENCY_KEY (400),
             *     RATE_LIMITED (429), OVERLOADED, DATABASE_UNAVAILABLE and DATABASE_BUSY (503, with
             *     Retry-After), INTERNAL_ERROR (500).
             */
            code: string;
            detail: string;
            errors?: {
                code: string;
                field: string;
                message: string;
            }[];
            instance?: string;
            requestId: string;
            status: number;
            title: string;
            /** Format: uri */
            type: string;
        };
        /** @description QuickBooks' limit for items, classes, sites and tax items; no ':' */
        QbName31: string;
        QuickBooksLink: {
            /** @description Whether the entry is active in QuickBooks as last read; null before it was read */
            active: boolean | null;
            /** @description The entry's name in QuickBooks as last read: what an export sends */
            fullName: string;
            kind: components["schemas"]["ReferenceKind"];
            /** Format: date-time */
            linkedAt: string;
            /** @enum {unknown} */
            linkedBy: "CREATED" | "NAME" | "EXPLICIT";
            /** @description Null for a customer created while QuickBooks' answer carried no ListID, until the list is read */
            listId: string | null;
            referenceId: string;
        };
        ReferenceId: string;
        /**
         * @description Reference data a QuickBooks entry can stand for: TAX_ZONE is a sales tax item or group, BUSINESS_UNIT a class, INVENTORY_LOCATION an inventory site
         * @enum {unknown}
         */
        ReferenceKind: "CUSTOMER" | "ITEM" | "TAX_ZONE" | "BUSINESS_UNIT" | "INVENTORY_LOCATION";
        Revision: {
            actorUserId: string | null;
            /** Format: uuid */
            connectionId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @enum {unknown} */
            decision: "CREATE" | "SAVE" | "SAVE_AND_SYNC" | "SAVE_AND_BYPASS" | "RESYNC" | "BYPASS" | "UNLOCK" | "QUICKBOOKS";
            /** @description What changed: fields, linesAdded, linesRemoved, linesChanged */
            diff: Record<string, never>;
            /** @description The invoice content after the change */
            snapshot: Record<string, never>;
            version: number;
            warnings: components["schemas"]["Warning"][];
        };
        SandboxCompany: {
            companyFile: string;
            companyName: string;
            /** @description The company's clock (QuickBooks' local time, no offset) */
            companyTime: string;
            /** Format: uuid */
            connectionId: string;
            customers: components["schemas"]["SandboxListNames"];
            /** @description Requests that will still find their record held open (3175) */
            heldRecords: number;
            items: components["schemas"]["SandboxListNames"];
            /** Format: date-time */
            lastRunAt: string | null;
            /** @description SANDBOX_MAX_TRANSACTIONS; adds beyond are refused 3180 as QuickBooks refuses */
            maxTransactions: number;
            payments: number;
            /** @constant */
            sandbox: true;
            transactions: number;
        };
        SandboxListNames: {
            count: number;
            /** @description The first 200 active names, ignoring case */
            names: string[];
        };
        SandboxRun: {
            /** @description What the Web Connector showed at the end */
            closeMessage: string | null;
            /** Format: uuid */
            connectionId: string;
            lastError: string | null;
            /**
             * @description SESSION: a session ran; NOTHING_TO_DO: the service had nothing for it; REFUSED: its login was refused (a disabled connection)
             * @enum {unknown}
             */
            outcome: "SESSION" | "NOTHING_TO_DO" | "REFUSED";
            roundTrips: number;
            /** @constant */
            sandbox: true;
            /** @description Where a message did not validate against Intuit's qbXML schema (checked when the schemas are at hand); the company refused it as QuickBooks would */
            schemaErrors: string[];
            /** @description The session as GET /v1/connections/{id}/sessions shows it */
            session: {
                /** Format: date-time */
                closedAt?: string | null;
                failedCount: number;
                failures: Record<string, never>[];
                /** Format: uuid */
                id: string;
                roundTrips: number;
                /** Format: date-time */
                startedAt: string;
                status: string;
                summary: string | null;
                syncedCount: number;
            } | null;
        };
        SandboxTransaction: {
            /** @description Exact decimal; null for a credit memo */
            balance: string | null;
            customer: string;
            editSequence: string;
            /**
             * Format: uuid
             * @description The invoice of this service it stands for, when known
             */
            invoiceId: string | null;
            lines: {
                amount: string;
                description: string;
                item: string;
                /** @description 1 = the first line */
                line: number;
                quantity: string;
                rate: string;
                txnLineId: string;
            }[];
            memo: string;
            refNumber: string;
            /** @constant */
            sandbox?: true;
            timeModified: string;
            /** @description Exact decimal */
            total: string;
            /** Format: date */
            txnDate: string;
            txnId: string;
            /** @enum {unknown} */
            txnType: "INVOICE" | "CREDIT_MEMO";
        };
        SyncError: {
            /** Format: date-time */
            at: string | null;
            code: string;
            /** @description For CHANGED_IN_QUICKBOOKS: each field and line of QuickBooks' copy that differs from what was last synced */
            differences: string[];
            fix: string | null;
            helpUrl: string | null;
            message: string;
            objects: components["schemas"]["FailingObject"][];
        };
        SyncErrorEntry: {
            /** Format: date-time */
            at: string | null;
            code: string | null;
            /** Format: uuid */
            connectionId: string;
            connectionName: string;
            exportStatus: components["schemas"]["ExportStatus"];
            fix: string | null;
            helpUrl: string | null;
            /** Format: uuid */
            invoiceId: string;
            invoiceNumber: string;
            message: string | null;
            objects: components["schemas"]["FailingObject"][];
        };
        /** @enum {unknown} */
        SyncStatus: "NOT_APPLICABLE" | "PENDING" | "SYNCED" | "BYPASSED" | "ACTION_REQUIRED";
        TaxZone: components["schemas"]["Timestamps"] & {
            id: string;
            name: string;
            rate: string;
        };
        TaxZoneInput: {
            name: components["schemas"]["QbName31"];
            /** @description Percent, 0 to 100, as a string: "8.25" */
            rate: string;
        };
        TenantSettings: {
            /** @description Whether invoices already exported to QuickBooks may be edited here (EXPORTED_EDITS_DISABLED when not) */
            allowExportedEdits: boolean;
        };
        Timestamps: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description The same fields as GraphQL's UpdateInvoiceInput, without `id` (it is in the path). */
        UpdateInvoiceInput: {
            /** @description Needed only to bypass when the invoice is in several company files */
            connectionId?: string | null;
            customerId?: components["schemas"]["ReferenceId"];
            /** Format: date */
            date?: string;
            /**
             * @description Required once the invoice is exported
             * @enum {string|null}
             */
            decision?: "SAVE_AND_SYNC" | "SAVE_AND_BYPASS" | null;
            /** @description The version you edited; a stale one is 409 VERSION_CONFLICT */
            expectedVersion: number;
            invoiceTypeId?: components["schemas"]["ReferenceId"] | null;
            lines?: components["schemas"]["LineChanges"];
            number?: string;
            summary?: string;
            taxZoneId?: components["schemas"]["ReferenceId"] | null;
        };
        User: components["schemas"]["Timestamps"] & {
            id: string;
            name: string;
            permissions: string[];
        };
        UserInput: {
            name: string;
            /** @default [] */
            permissions?: ("admin" | "editExportedTransactions")[];
        };
        Warning: {
            /** @description e.g. ALREADY_SENT_TO_ACCOUNTING, NO_CHANGES */
            code: string;
            message: string;
        };
        WebhookDelivery: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /**
             * Format: uuid
             * @description The `webhook-id` header of every attempt
             */
            eventId: string;
            /** @description The event's type; `webhook.test` for an event sent by POST .../test, which no endpoint subscribes to */
            eventType: components["schemas"]["WebhookEventType"] | "webhook.test";
            id: string;
            /** Format: date-time */
            lastAttemptAt: string | null;
            lastError: string | null;
            lastStatusCode: number | null;
            /**
             * Format: date-time
             * @description When a PENDING delivery is tried next
             */
            nextAttemptAt: string | null;
            status: components["schemas"]["WebhookDeliveryStatus"];
        };
        /** @enum {unknown} */
        WebhookDeliveryStatus: "PENDING" | "DELIVERED" | "FAILED" | "ABANDONED";
        WebhookEndpoint: {
            /** @description The endpoint's circuit breaker. After WEBHOOKS_CIRCUIT_FAILURE_THRESHOLD consecutive failed deliveries (errors, timeouts, answers other than 2xx) it is OPEN: its deliveries wait (delayed, never dropped) until openUntil (WEBHOOKS_CIRCUIT_OPEN_MS, doubling after each failed probe up to WEBHOOKS_CIRCUIT_MAX_OPEN_MS). Then it is HALF_OPEN: one delivery goes as a probe; a 2xx closes it, a failure opens it again. Re-enabling the endpoint closes it. */
            circuit: {
                consecutiveFailures: number;
                /**
                 * Format: date-time
                 * @description OPEN: when one probe may go; null when CLOSED
                 */
                openUntil: string | null;
                /** @enum {unknown} */
                state: "CLOSED" | "OPEN" | "HALF_OPEN";
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            disabledAt: string | null;
            disabledReason: string | null;
            enabled: boolean;
            events: components["schemas"]["WebhookEventType"][];
            /** Format: uuid */
            id: string;
            /**
             * Format: date-time
             * @description Until when the secret before the last rotation still signs
             */
            previousSecretExpiresAt: string | null;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
        WebhookEndpointInput: {
            events: components["schemas"]["WebhookEventType"][];
            /**
             * Format: uri
             * @description http:// or https://, without credentials
             */
            url: string;
        };
        WebhookEndpointWithSecret: components["schemas"]["WebhookEndpoint"] & {
            /** @description The signing secret (Standard Webhooks form: `whsec_` + base64 of 32 random bytes). Shown in this answer only; stored encrypted. */
            secret: string;
        };
        WebhookEventEnvelope: {
            data: Record<string, never>;
            /**
             * Format: date-time
             * @description When the change was committed
             */
            timestamp: string;
            type: components["schemas"]["WebhookEventType"];
        };
        /** @enum {unknown} */
        WebhookEventType: "invoice.sync_status_changed" | "invoice.updated" | "invoice.exported" | "invoice.payment_status_changed" | "connection.session_completed" | "connection.stale";
    };
    responses: {
        /** @description The batch */
        Batch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Batch"];
            };
        };
        /** @description A GraphQL response; HTTP 200 whenever `data` came back, otherwise the status of the first error */
        GraphQL: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    data?: Record<string, never> | null;
                    errors?: {
                        extensions?: {
                            code?: string;
                            requestId?: string;
                        };
                        message: string;
                    }[];
                };
            };
        };
        /** @description An RFC 9457 problem document */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Our failure: INTERNAL_ERROR (500, no internals; quote the requestId), OVERLOADED or DATABASE_UNAVAILABLE (503, with Retry-After). Nothing was saved; retrying is safe (an Idempotency-Key is released). */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The API key's quota for the current window is used up (`RATE_LIMITED`) */
        TooManyRequests: {
            headers: {
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description The API key's id (given by the service) */
        ApiKeyId: string;
        BatchId: string;
        /** @description The source app's own id for the record (no slashes, at most 100 characters). */
        ExternalId: string;
        /**
         * @description 1 to 255 printable ASCII characters, e.g. a UUID, unique per intended operation. A retry with
         *     the same key and body gets the first response again (`Idempotent-Replayed: true`) without the
         *     work being done twice; the same key with another body is 422 `IDEMPOTENCY_KEY_REUSED`; while
         *     the first request runs, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS` (its lease is renewed while it
         *     runs). A request that lost its key to a retry rolls back (409 `IDEMPOTENCY_CLAIM_LOST`); a key
         *     whose work committed but whose answer was lost in a crash is 409 `IDEMPOTENCY_RESPONSE_LOST`,
         *     never done twice. Keys are per tenant and kept 24 hours. An
         *     answer is replayed only to the API key that made the request (another key: 422).
         */
        IdempotencyKey: string;
        /** @description The invoice's id (given by the service) */
        InvoiceId: string;
        /** @description The acting user of the source app (an id from `PUT /v1/users/{id}`). The request may do what both the API key's scopes and the user's permissions allow, and the user is recorded in the audit trail. Without it the API key acts with its own scopes; an unknown user is 403 `UNKNOWN_USER`; a header that cannot be a user id (empty, longer than 100 characters) is 400 `VALIDATION_FAILED`, never read as absent. */
        UserId: string;
        /** @description The webhook endpoint's id (given by the service) */
        WebhookEndpointId: string;
        /** @description The event's id; the same on every retry (deduplicate on it) */
        WebhookId: string;
        /** @description Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, one per active secret (two during a rotation) */
        WebhookSignature: string;
        /** @description Seconds since the epoch when this attempt was signed */
        WebhookTimestamp: string;
    };
    requestBodies: never;
    headers: {
        /** @description `true` when this response is the stored answer to an earlier request with the same Idempotency-Key */
        IdempotentReplayed: "true";
        /** @description The created resource's path */
        Location: string;
        /** @description What is left of the quota: `"api-key";r=<remaining>;t=<seconds until the window resets>` */
        RateLimit: string;
        /** @description The quota (draft-ietf-httpapi-ratelimit-headers): `"api-key";q=600;w=60` = 600 points per API key per 60 s window (a /v1 request draws 1, a /graphql request its cost) */
        RateLimitPolicy: string;
        /** @description Seconds to wait before retrying */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
