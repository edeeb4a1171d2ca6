/** What the apply form stores in the case's form, and a case's materials list. */
import type { CaseDetail, ItemGuide, RequiredMaterial } from '../../../hooks/api/hall'

export interface ApplyForm {
  description?: string
  contactPhone?: string
  address?: string
  quantities?: Record<string, number>
  exemptions?: string[]
  delivery?: { method: 'pickup' | 'post' | 'download'; centreId?: number | null; centreName?: string | null; address?: string | null }
}

/** the guide's materials in the shape of a case's requiredMaterials (before the server says more) */
export function materialsOf(c: CaseDetail | undefined, guide: ItemGuide | undefined): RequiredMaterial[] {
  if (c?.requiredMaterials?.length) return c.requiredMaterials
  return (guide?.materials ?? []).map((m) => ({
    key: m.key,
    name: m.name,
    requirement: m.requirement,
    form: m.form,
    copies: m.copies,
    secondary: m.secondary,
    eCertificateType: m.eCertificateType ?? null,
    satisfied: (c?.materials ?? []).some((x) => x.materialKey === m.key),
    pending: false,
  }))
}

