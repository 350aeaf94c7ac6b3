import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { orgKinds, orgLevelLabels, type Org, type OrgKind, type OrgLevel, type Ownership } from '@shared/domain/org'
import { orgKindLabels, ownershipLabels } from '@shared/domain/org-tree'
import { toApiError } from '../../../services/api-client'
import { createOrg, fieldErrors, updateOrg } from '../../../services/orgs'
import { Button } from '../../../components/nutui'
import { Input, Radio } from '../org-nutui'
import './index.scss'

export type OrgFormMode = { kind: 'create'; parent: Org } | { kind: 'edit'; org: Org }

interface OrgFormProps {
  mode: OrgFormMode
  /** The levels the org may have where it sits (below its parent, above its children). */
  levels: readonly OrgLevel[]
  onDone: (org: Org) => void
}

const noOwnership = 'none'

/** 新建下级组织 / 编辑组织: name, level, kind, ownership, industry and why; the server's field errors under each field. */
export default function OrgForm({ mode, levels, onDone }: OrgFormProps) {
  const start = mode.kind === 'edit' ? mode.org : undefined
  const [name, setName] = useState(start?.name ?? '')
  const [level, setLevel] = useState<OrgLevel | undefined>(start?.level ?? levels[0])
  const [kind, setKind] = useState<OrgKind>(start?.kind ?? 'enterprise')
  const [ownership, setOwnership] = useState<Ownership | typeof noOwnership>(start?.ownership ?? noOwnership)
  const [industry, setIndustry] = useState(start?.industry ?? '')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function submit() {
    if (!level) return
    setPending(true)
    setErrors({})
    setMessage(null)
    const owned = ownership === noOwnership ? undefined : ownership
    try {
      const org =
        mode.kind === 'create'
          ? await createOrg({ parentId: mode.parent.orgId, name, level, kind, ...(owned ? { ownership: owned } : {}), ...(industry.trim() ? { industry } : {}), ...(reason.trim() ? { reason } : {}) })
          : await updateOrg(mode.org.orgId, { name, level, kind, ownership: owned ?? null, industry: industry.trim() ? industry : null, ...(reason.trim() ? { reason } : {}) })
      onDone(org)
    } catch (caught) {
      const error = toApiError(caught)
      setErrors(fieldErrors(error.details))
      setMessage(error.message)
    } finally {
      setPending(false)
    }
  }

  return (
    <View className='org-form'>
      {mode.kind === 'create' ? <Text className='org-form__parent'>上级组织：{mode.parent.name}</Text> : null}
      <Field label='单位名称' error={errors.name}>
        <Input className='org-form-name' value={name} placeholder='如：某某有限公司工会' maxLength={100} onChange={setName} />
      </Field>
      <Field label='组织层级' error={errors.level}>
        <Radio.Group className='org-form-choices org-form-level' shape='button' direction='horizontal' value={level} onChange={(v) => setLevel(v as OrgLevel)} options={levels.map((l) => ({ value: l, label: orgLevelLabels[l] }))} />
      </Field>
      <Field label='单位性质' error={errors.kind}>
        <Radio.Group className='org-form-choices org-form-kind' shape='button' direction='horizontal' value={kind} onChange={(v) => setKind(v as OrgKind)} options={orgKinds.map((k) => ({ value: k, label: orgKindLabels[k] }))} />
      </Field>
      <Field label='所有制' error={errors.ownership}>
        <Radio.Group
          className='org-form-choices org-form-ownership'
          shape='button'
          direction='horizontal'
          value={ownership}
          onChange={(v) => setOwnership(v as Ownership | typeof noOwnership)}
          options={[
            { value: 'public', label: ownershipLabels.public },
            { value: 'nonPublic', label: ownershipLabels.nonPublic },
            { value: noOwnership, label: '不适用' },
          ]}
        />
      </Field>
      <Field label='所属行业（选填）' error={errors.industry}>
        <Input className='org-form-industry' value={industry} placeholder='如：制造业、卫生、教育' maxLength={50} onChange={setIndustry} />
      </Field>
      <Field label='理由（选填，记入审计记录）' error={errors.reason}>
        <Input className='org-form-reason' value={reason} placeholder='如：新建工会、单位更名' maxLength={500} onChange={setReason} />
      </Field>
      {message ? <Text className='error-message org-form__message'>{message}</Text> : null}
      <Button className='org-form-submit' type='primary' size='large' block loading={pending} disabled={pending || !level} onClick={() => void submit()}>
        {mode.kind === 'create' ? '新建' : '保存'}
      </Button>
    </View>
  )
}

function Field({ label, error, children }: { label: string; error?: string; children: JSX.Element }) {
  return (
    <View className='org-form__field'>
      <Text className='org-form__label'>{label}</Text>
      {children}
      {error ? <Text className='org-form__error'>{error}</Text> : null}
    </View>
  )
}
