// Domain errors: typed, with a stable `code` the doors map to HTTP problem+json, GraphQL
// `extensions.code` or a SOAP fault. Messages are written for the person who has to act on them.

export interface FieldError {
  field: string
  code: string
  message: string
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class ValidationError extends AppError {
  constructor(fieldErrors: FieldError[], message = 'The request has invalid fields.') {
    super('VALIDATION_FAILED', message, 400, fieldErrors)
  }
}

export class UnauthenticatedError extends AppError {
  constructor(code: 'UNAUTHENTICATED' | 'INVALID_API_KEY' | 'API_KEY_EXPIRED', message: string) {
    super(code, message, 401)
  }
}

export class PermissionDeniedError extends AppError {
  constructor(message: string) {
    super('PERMISSION_DENIED', message, 403)
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(`${what.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_NOT_FOUND`, `No ${what.toLowerCase()} with id "${id}" exists.`, 404)
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 409)
  }
}
