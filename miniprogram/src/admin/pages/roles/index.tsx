import { useCallback, useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { MemberSearchResponse, RoleHolder, RoleHoldersResponse } from '@shared/api/orgs'
import { orgLevelLabels, roleLabels, type Org } from '@shared/domain/org'
import { assignableRoles, roleFitsLevel, type AssignableRole } from '@shared/domain/org-tree'
import { toApiError, type ApiError } from '../../../services/api-client'
import { fieldErrors, grantRole, revokeRole, roleHolders, searchMembers } from '../../../services/orgs'
import { refreshSession, useSession } from '../../../services/session'
import { chineseTime } from '../../../utils/time'
import { Button, Cell, CellGroup, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import OrgBrowser from '../../components/org-browser'
import { Input, Popup, Radio } from '../../components/org-nutui'
import { organiserRoots } from '../../services/org-scope'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; data: RoleHoldersResponse }
type Candidate = MemberSearchResponse['members'][number]

/**
 * 角色分配: an organiser picks an org of their scope, sees who holds which role there, grants a role to a member
 * found by name on the org's roster (the member is notified), and revokes one. The server checks scope again.
 */
export default function RolesPage() {
  const session = useSession()
  const { params } = useRouter()
  const roots = useMemo(() => (session.status === 'signedIn' ? organiserRoots(session.me) : []), [session])
  const [chosenId, setChosenId] = useState<string | undefined>(params.orgId)
  const orgId = chosenId ?? roots[0]?.orgId
  const [state, setState] = useState<Load>({ status: 'loading' })
  const [picking, setPicking] = useState(false)

  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  const load = useCallback(async (id: string) => {
    try {
      setState({ status: 'ready', data: await roleHolders(id) })
    } catch (error) {
      setState({ status: 'failed', error: toApiError(error) })
    }
  }, [])

  useEffect(() => {
    if (!orgId) return
    setState({ status: 'loading' })
    void load(orgId)
  }, [orgId, load])

  if (session.status === 'signedOut' || (session.status === 'signedIn' && roots.length === 0)) {
    return (
      <View className='roles'>
        <View className='card'>
          <Text className='card__title'>{session.status === 'signedOut' ? '请先登录' : '只有组织者可以分配角色'}</Text>
          <Text className='card__hint'>工会主席、审核人等角色由上级工会的组织者授予。</Text>
          <Button type='primary' size='large' block onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }

  let body: JSX.Element
  if (!orgId || state.status === 'loading') body = <View className='card'><Skeleton rows={5} animated /></View>
  else if (state.status === 'failed') body = <View className='card'><ErrorState message={state.error.message} onRetry={() => void load(orgId)} /></View>
  else body = <OrgRoles data={state.data} onChanged={() => void load(state.data.org.orgId)} />

  return (
    <View className='roles'>
      <View className='card roles-org' onClick={() => setPicking(true)}>
        <Text className='card__label'>组织</Text>
        <View className='roles-org__row'>
          <Text className='roles-org__name'>{state.status === 'ready' ? state.data.org.name : '…'}</Text>
          <Text className='roles-org__change'>更换 ›</Text>
        </View>
      </View>
      {body}
      <Popup visible={picking} position='bottom' round closeable destroyOnClose title='选择组织' onClose={() => setPicking(false)}>
        <View className='roles-picker'>
          <OrgBrowser
            roots={roots}
            actionOf={(org: Org) => ({
              label: '选择',
              onPress: () => {
                setChosenId(org.orgId)
                setPicking(false)
              },
            })}
          />
        </View>
      </Popup>
    </View>
  )
}

function OrgRoles({ data, onChanged }: { data: RoleHoldersResponse; onChanged: () => void }) {
  const { org, holders } = data
  const roles = assignableRoles.filter((role) => roleFitsLevel(role, org.level))

  async function revoke(holder: RoleHolder) {
    const answer = await Taro.showModal({ title: '撤销角色', content: `撤销${holder.name}的「${roleLabels[holder.role]}」角色？` })
    if (!answer.confirm) return
    try {
      await revokeRole(org.orgId, holder.memberId, holder.role)
      void Taro.showToast({ title: '已撤销', icon: 'success' })
      onChanged()
    } catch (error) {
      void Taro.showModal({ title: '未能撤销', content: toApiError(error).message, showCancel: false })
    }
  }

  return (
    <View>
      <Text className='roles-section-title'>现任角色（{holders.length}）</Text>
      {holders.length === 0 ? (
        <View className='card'>
          <Text className='card__hint roles-empty'>{orgLevelLabels[org.level]}「{org.name}」还没有授予角色。</Text>
        </View>
      ) : (
        <CellGroup className='roles-holders'>
          {holders.map((holder) => (
            <Cell
              key={`${holder.memberId}-${holder.role}`}
              className='roles-holder'
              title={`${holder.name} · ${roleLabels[holder.role]}`}
              description={holder.grantedAt ? `授予于 ${chineseTime(holder.grantedAt)}` : undefined}
              extra={
                <View className='roles-revoke' onClick={() => void revoke(holder)}>
                  <Text>撤销</Text>
                </View>
              }
              align='center'
            />
          ))}
        </CellGroup>
      )}
      <GrantForm key={org.orgId} org={org} roles={roles} onGranted={onChanged} />
    </View>
  )
}

function GrantForm({ org, roles, onGranted }: { org: Org; roles: readonly AssignableRole[]; onGranted: () => void }) {
  const [role, setRole] = useState<AssignableRole | undefined>(roles[0])
  const [query, setQuery] = useState('')
  const [candidates, setCandidates] = useState<Candidate[] | null>(null)
  const [chosen, setChosen] = useState<Candidate | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function search() {
    setMessage(null)
    try {
      setCandidates(await searchMembers(org.orgId, query.trim()))
      setChosen(null)
    } catch (error) {
      setMessage(toApiError(error).message)
    }
  }

  async function grant() {
    if (!role || !chosen) return
    setPending(true)
    setErrors({})
    setMessage(null)
    try {
      await grantRole(org.orgId, { memberId: chosen.memberId, role })
      void Taro.showToast({ title: '已授予并通知本人', icon: 'none' })
      setChosen(null)
      setCandidates(null)
      onGranted()
    } catch (error) {
      const apiError = toApiError(error)
      setErrors(fieldErrors(apiError.details))
      setMessage(apiError.message)
    } finally {
      setPending(false)
    }
  }

  if (roles.length === 0) return null
  return (
    <View className='card roles-grant'>
      <Text className='card__title'>授予角色</Text>
      <Text className='roles-grant__label'>角色</Text>
      <Radio.Group className='roles-choices' shape='button' direction='horizontal' value={role} onChange={(v) => setRole(v as AssignableRole)} options={roles.map((r) => ({ value: r, label: roleLabels[r] }))} />
      {errors.role ? <Text className='roles-error'>{errors.role}</Text> : null}
      <Text className='roles-grant__label'>会员（按姓名查找本组织名册）</Text>
      <View className='roles-search'>
        <Input className='roles-search__input' value={query} placeholder='输入姓名或姓氏' maxLength={20} confirmType='search' onChange={setQuery} onConfirm={() => void search()} />
        <Button className='roles-search__button' size='small' type='primary' fill='outline' onClick={() => void search()}>
          查找
        </Button>
      </View>
      {candidates?.length === 0 ? <Text className='card__hint roles-none'>名册中没有找到，请换个写法再试。</Text> : null}
      {candidates?.map((member) => (
        <View key={member.memberId} className={`roles-candidate${chosen?.memberId === member.memberId ? ' roles-candidate--chosen' : ''}`} onClick={() => setChosen(member)}>
          <Text className='roles-candidate__name'>{member.name}</Text>
          <Text className='roles-candidate__id'>{member.memberId}</Text>
        </View>
      ))}
      {errors.memberId ? <Text className='roles-error'>{errors.memberId}</Text> : null}
      {message ? <Text className='roles-error'>{message}</Text> : null}
      <Button className='roles-grant__submit' type='primary' size='large' block loading={pending} disabled={pending || !role || !chosen} onClick={() => void grant()}>
        {chosen && role ? `授予${chosen.name}「${roleLabels[role]}」` : '请选择角色和会员'}
      </Button>
    </View>
  )
}
