/** Projects (一号制) followed through their stages. [CONTRACT: owned by the projects/bundles helper] */
import type { Actor, Deps } from '../../server/context.js'
import type { ProjectDto } from './joint.types.js'

/** The project with its stages timeline; NOT_FOUND (404) when the actor may not see it. */
export async function projectDetail(deps: Deps, actor: Actor | null, projectId: number): Promise<ProjectDto> {
  throw new Error('not implemented')
}
