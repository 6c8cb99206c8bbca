// Decides whether a GraphQL document may run, before anything runs: its size in tokens, aliases,
// depth, directives, root fields, mutations and cost. Pure (schema and limits in, a decision
// out), so every refusal is a unit test; the door calls it before any resolver or SQL statement.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases'
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth'
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives'
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens'
import {
  type ASTVisitor,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  specifiedRules,
  type ValidationContext,
  type ValidationRule,
  validate,
} from 'graphql'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'
import { queryCost } from './cost.js'

/** The limits a document is admitted under: those of the configuration (GRAPHQL_*). */
export type GraphqlLimits = Pick<
  Config['graphql'],
  'maxTokens' | 'maxAliases' | 'maxDepth' | 'maxDirectives' | 'maxRootFields' | 'maxMutations' | 'maxCost'
>

/** A document refused before it ran: HTTP 400 with one stable code per limit. */
export class QueryRefusedError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 400)
  }
}

/** Refusals of the limits by graphql-armor, re-issued with our code and message. */
function armored(code: string, describe: (found: string) => string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = /found (\d+)/.exec(error.message)?.[1] ?? 'more'
        context?.reportError(new GraphQLError(describe(found), { extensions: { code } }))
      },
    ],
  }
}

/** Root fields of an operation, through fragments spread or inlined at its root. */
function rootFieldCount(set: SelectionSetNode, context: ValidationContext, seen = new Set<string>()): number {
  let n = 0
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) n++
    else if (selection.kind === Kind.INLINE_FRAGMENT) n += rootFieldCount(selection.selectionSet, context, seen)
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value)
      const fragment = context.getFragment(selection.name.value)
      if (fragment) n += rootFieldCount(fragment.selectionSet, context, seen)
    }
  }
  return n
}

function rootFieldsRule(limits: GraphqlLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let mutations = 0
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        const n = rootFieldCount(operation.selectionSet, context)
        if (operation.operation === 'mutation') {
          mutations += n
          if (mutations > limits.maxMutations) {
            context.reportError(
              new GraphQLError(
                `This request holds ${mutations} mutations (limit ${limits.maxMutations}): send them in separate requests.`,
                { nodes: [operation], extensions: { code: 'TOO_MANY_MUTATIONS' } },
              ),
            )
          }
        } else if (n > limits.maxRootFields) {
          context.reportError(
            new GraphQLError(`This operation asks for ${n} root fields (limit ${limits.maxRootFields}): split it.`, {
              nodes: [operation],
              extensions: { code: 'TOO_MANY_ROOT_FIELDS' },
            }),
          )
        }
      },
    }
  }
}

function limitRules(limits: GraphqlLimits): ValidationRule[] {
  return [
    maxAliasesRule({
      n: limits.maxAliases,
      allowList: [],
      ...armored('TOO_MANY_ALIASES', (found) => `This document uses ${found} aliases (limit ${limits.maxAliases}).`),
    }) as unknown as ValidationRule,
    maxDepthRule({
      n: limits.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...armored('QUERY_TOO_DEEP', (found) => `This query is ${found} levels deep (limit ${limits.maxDepth}).`),
    }) as unknown as ValidationRule,
    maxDirectivesRule({
      n: limits.maxDirectives,
      ...armored('TOO_MANY_DIRECTIVES', (found) => `This document uses ${found} directives (limit ${limits.maxDirectives}).`),
    }) as unknown as ValidationRule,
    rootFieldsRule(limits),
  ]
}

export interface Admitted {
  document: DocumentNode
  /** What the operation costs (see cost.ts); 0 for an invalid document, which will not run. */
  cost: number
  valid: boolean
}

/**
 * Parses and checks one request. Throws QueryRefusedError for a limit (the first one met, in the
 * order: tokens, the structural limits, cost) or for text that does not parse. (A document that
 * does not parse is refused here, not left to mercurius, which would try it as a JSON AST.) A
 * document mercurius will refuse without running anything (invalid, unknown operation, variables
 * of the wrong type) is `valid: false`, so its own detailed errors reach the caller.
 */
export function admit(
  schema: GraphQLSchema,
  limits: GraphqlLimits,
  request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
): Admitted {
  let document: DocumentNode
  try {
    document = new MaxTokensParserWLexer(request.query, { n: limits.maxTokens }).parseDocument()
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/Token limit/.test(message))
      throw new QueryRefusedError(
        'TOO_MANY_TOKENS',
        `This document has more than ${limits.maxTokens} tokens (limit ${limits.maxTokens}): ask for less in one request.`,
      )
    throw new QueryRefusedError('GRAPHQL_PARSE_FAILED', message)
  }

  const limitErrors = validate(schema, document, limitRules(limits))
  if (limitErrors.length > 0) throw refusalOf(limitErrors[0]!)
  // An invalid document never runs; mercurius reports every error of it with its locations.
  if (validate(schema, document, specifiedRules, { maxErrors: 1 }).length > 0) return { document, cost: 0, valid: false }

  // Which operation runs, and with which variables, is mercurius' to report when it is wrong.
  const operation = getOperationAST(document, request.operationName ?? undefined)
  if (!operation) return { document, cost: 0, valid: false }
  if (getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}).errors)
    return { document, cost: 0, valid: false }

  let cost: number
  try {
    cost = queryCost(schema, document, request.variables ?? undefined, request.operationName ?? undefined)
  } catch (err) {
    // e.g. fragments spread into more nodes than graphql-query-complexity will walk
    throw new QueryRefusedError(
      'QUERY_TOO_COSTLY',
      `The cost of this query could not be estimated (${err instanceof Error ? err.message : String(err)}): ask for less.`,
    )
  }
  if (cost > limits.maxCost) {
    throw new QueryRefusedError(
      'QUERY_TOO_COSTLY',
      `This query would cost ${cost} (limit ${limits.maxCost}): ask for fewer items per page or fewer fields.`,
    )
  }
  return { document, cost, valid: true }
}

function refusalOf(error: GraphQLError): QueryRefusedError {
  return new QueryRefusedError(
    typeof error.extensions?.code === 'string' ? error.extensions.code : 'GRAPHQL_VALIDATION_FAILED',
    error.message,
  )
}
