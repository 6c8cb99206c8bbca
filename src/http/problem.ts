// The one REST error handler: every failure leaves as RFC 9457 problem+json carrying a stable
// `code` and the request id. 5xx bodies never carry internals; the details go to the log.
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseBusy } from '../db/errors.js'
import { AppError, type FieldError } from '../errors.js'

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  code: string
  requestId: string
  errors?: FieldError[]
}

const PROBLEM_TYPE_BASE = 'https://invoice-sync.dev/problems/'

export function problemOf(request: FastifyRequest, status: number, code: string, detail: string, errors?: FieldError[]): Problem {
  return {
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    code,
    requestId: request.id,
    ...(errors && errors.length > 0 ? { errors } : {}),
  }
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="invoice-sync"')
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem)
}

/** Fastify's own client errors (bad JSON, wrong media type, body too large) keep their status. */
/** What a caller is told when a lock or statement timeout ended its request (both doors). */
export const DATABASE_BUSY_MESSAGE = 'The data this request needs is busy (another change holds it). Nothing was changed; retry shortly.'

function frameworkCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'INVALID_JSON'
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'BODY_TOO_LARGE'
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE'
    default:
      return (STATUS_CODES[error.statusCode ?? 400] ?? 'BAD_REQUEST').toUpperCase().replace(/[^A-Z0-9]+/g, '_')
  }
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed')
      return sendProblem(reply, problemOf(request, error.status, error.code, error.message, error.fieldErrors))
    }
    const status = (error as FastifyError).statusCode
    if (status !== undefined && status >= 400 && status < 500) {
      request.log.info({ err: { message: error.message, code: (error as FastifyError).code } }, 'client error')
      return sendProblem(reply, problemOf(request, status, frameworkCode(error as FastifyError), error.message))
    }
    if (isDatabaseBusy(error)) {
      request.log.warn({ err: error }, 'database busy: a lock or statement timeout')
      return sendProblem(reply.header('retry-after', '1'), problemOf(request, 503, 'DATABASE_BUSY', DATABASE_BUSY_MESSAGE))
    }
    request.log.error({ err: error }, 'unexpected error')
    const serviceUnavailable = status === 503
    return sendProblem(
      reply,
      problemOf(
        request,
        serviceUnavailable ? 503 : 500,
        serviceUnavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR',
        serviceUnavailable
          ? 'The service is temporarily unable to handle the request. Retry shortly.'
          : `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
      ),
    )
  })

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf(request, 404, 'ROUTE_NOT_FOUND', `There is no route ${request.method} ${request.url.split('?')[0]}.`)),
  )
}
