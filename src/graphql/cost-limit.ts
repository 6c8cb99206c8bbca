// Refuses queries too expensive to answer before running them: each field costs 1, and a list
// field multiplies what it selects by how many items it may return (`first`, or a typical size).
import { GraphQLError, Kind, type ASTVisitor, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql'

const TYPICAL_LIST_SIZE: Record<string, number> = { lines: 20, sync: 2, invoiceIds: 1, skipped: 1, permissions: 1, objects: 2 }
const DEFAULT_FIRST: Record<string, number> = { invoices: 20, revisions: 20, syncErrors: 50 }

export function costLimit(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>()
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def)

    const costOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0
      let total = 0
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) total += fieldCost(selection, seen)
        else if (selection.kind === Kind.INLINE_FRAGMENT) total += costOf(selection.selectionSet, seen)
        else if (!seen.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value)
          total += costOf(fragment?.selectionSet, new Set([...seen, selection.name.value]))
        }
      }
      return total
    }

    const fieldCost = (field: FieldNode, seen: Set<string>): number => {
      const name = field.name.value
      const firstArg = field.arguments?.find((a) => a.name.value === 'first')
      let multiplier = TYPICAL_LIST_SIZE[name] ?? 1
      if (name in DEFAULT_FIRST) {
        // A variable may ask for the most a page allows (100).
        multiplier = !firstArg ? DEFAULT_FIRST[name]! : firstArg.value.kind === Kind.INT ? Number(firstArg.value.value) : 100
      }
      return 1 + multiplier * costOf(field.selectionSet, seen)
    }

    return {
      OperationDefinition(node) {
        const cost = costOf(node.selectionSet, new Set())
        if (cost > maxCost) {
          context.reportError(new GraphQLError(`This query would cost ${cost} (limit ${maxCost}): ask for fewer items per page or fewer fields.`, { nodes: [node], extensions: { code: 'QUERY_TOO_COSTLY' } }))
        }
      },
    }
  }
}
