import { useCallback, useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { OrgDetailResponse } from '@shared/api/orgs'
import { isInSubtree, orgLevelLabels, orgLevels, type Org } from '@shared/domain/org'
import { mayContain, orgKindLabels, ownershipLabels } from '@shared/domain/org-tree'
import { toApiError, type ApiError } from '../../../services/api-client'
import { moveOrg, orgDetail } from '../../../services/orgs'
import { refreshSession, useSession } from '../../../services/session'
import { Button, Cell, CellGroup, Skeleton } from '../../../components/nutui'
import ErrorState from '../../../components/error-state'
import OrgBrowser from '../../components/org-browser'
import OrgClosureCard from '../../components/org-closure'
import OrgForm from '../../components/org-form'
import { Popup } from '../../components/org-nutui'
import { organiserRoots } from '../../services/org-scope'
import './index.scss'

type Load = { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; detail: OrgDetailResponse }
type Sheet = 'create' | 'edit' | 'move' | null

/**
 * 组织架构: an organiser walks the tree from their federation down, adds a child org, edits one, or moves one (with
 * its whole subtree) under another org of their scope. The server checks scope and levels again.
 */
export default function OrgTreePage() {
  const session = useSession()
  const { params } = useRouter()
  const roots = useMemo(() => (session.status === 'signedIn' ? organiserRoots(session.me) : []), [session])
  const [chosenId, setChosenId] = useState<string | undefined>(params.orgId)
  const orgId = chosenId ?? roots[0]?.orgId
  const [state, setState] = useState<Load>({ status: 'loading' })
  const [sheet, setSheet] = useState<Sheet>(null)
  const [moving, setMoving] = useState(false)

  useDidShow(() => {
    if (session.status !== 'signedIn') void refreshSession()
  })

  const load = useCallback(async (id: string) => {
    setState({ status: 'loading' })
    try {
      setState({ status: 'ready', detail: await orgDetail(id) })
    } catch (error) {
      setState({ status: 'failed', error: toApiError(error) })
    }
  }, [])

  useEffect(() => {
    if (orgId) void load(orgId)
  }, [orgId, load])

  if (session.status === 'signedOut') return <Notice title='请先登录' hint='登录后，组织者可在这里管理组织架构。' />
  if (session.status === 'signedIn' && roots.length === 0) return <Notice title='只有组织者可以管理组织架构' hint='如需调整组织架构，请联系上级工会的组织者。' />
  if (!orgId || state.status === 'loading') {
    return (
      <View className='org-tree'>
        <View className='card'>
          <Skeleton rows={5} animated />
        </View>
      </View>
    )
  }
  if (state.status === 'failed') {
    return (
      <View className='org-tree'>
        <View className='card'>
          <ErrorState message={state.error.message} onRetry={() => void load(orgId)} />
        </View>
      </View>
    )
  }

  const { org, trail, children } = state.detail
  const ids = [...trail.map((t) => t.orgId), org.orgId]
  const inScope = (index: number) => roots.some((root) => isInSubtree(`/${ids.slice(0, index + 1).join('/')}`, root.path))
  const parentLevel = trail[trail.length - 1]?.level
  const isScopeRoot = roots.some((root) => root.orgId === org.orgId)
  const childLevels = orgLevels.filter((level) => mayContain(org.level, level))
  const ownLevels = orgLevels.filter((level) => (!parentLevel || mayContain(parentLevel, level)) && children.every((child) => mayContain(level, child.level)))

  async function moveUnder(target: Org) {
    const answer = await Taro.showModal({ title: '调整隶属关系', content: `把「${org.name}」及其全部下级组织移到「${target.name}」之下？` })
    if (answer.confirm) await runMove(target.orgId)
  }

  async function runMove(targetId: string) {
    setMoving(true)
    try {
      const result = await moveOrg(org.orgId, targetId)
      setSheet(null)
      void Taro.showToast({ title: result.done ? '已调整' : '仍在迁移，请稍后刷新', icon: result.done ? 'success' : 'none' })
      void load(org.orgId)
    } catch (error) {
      void Taro.showModal({ title: '未能调整', content: toApiError(error).message, showCancel: false })
    } finally {
      setMoving(false)
    }
  }

  const moveAction = (target: Org) =>
    !moving && mayContain(target.level, org.level) && !isInSubtree(target.path, org.path) && target.orgId !== org.parentId ? { label: '移到这里', onPress: () => void moveUnder(target) } : null

  return (
    <View className='org-tree'>
      <View className='org-tree-trail'>
        {trail.map((t, index) => (
          <Text key={t.orgId} className={`org-tree-trail__crumb${inScope(index) ? ' org-tree-trail__crumb--link' : ''}`} onClick={() => (inScope(index) ? setChosenId(t.orgId) : undefined)}>
            {`${t.name} › `}
          </Text>
        ))}
        <Text className='org-tree-trail__crumb org-tree-trail__crumb--here'>{org.name}</Text>
      </View>

      <View className='card org-tree-current'>
        <Text className='card__label'>{orgLevelLabels[org.level]}</Text>
        <Text className='org-tree-current__name'>{org.name}</Text>
        <View className='org-tree-current__tags'>
          <Text className='org-chip'>{orgKindLabels[org.kind]}</Text>
          {org.ownership ? (
            <Text className='org-chip'>{ownershipLabels[org.ownership]}</Text>
          ) : null}
          {org.industry ? (
            <Text className='org-chip'>{org.industry}</Text>
          ) : null}
        </View>
        {state.detail.moveInProgress && state.detail.moveTarget ? (
          <View className='org-tree-moving'>
            <Text className='org-tree-moving__text'>该组织的隶属关系调整尚未完成。</Text>
            <Button size='small' type='primary' loading={moving} onClick={() => void runMove(state.detail.moveTarget ?? '')}>
              继续调整
            </Button>
          </View>
        ) : null}
        <View className='org-tree-actions'>
          <Button className='org-tree-edit' size='small' type='primary' fill='outline' onClick={() => setSheet('edit')}>
            编辑
          </Button>
          {isScopeRoot ? null : (
            <Button className='org-tree-move' size='small' type='primary' fill='outline' onClick={() => setSheet('move')}>
              调整隶属
            </Button>
          )}
          <Button className='org-tree-roles' size='small' type='primary' fill='outline' onClick={() => void Taro.navigateTo({ url: `/admin/pages/roles/index?orgId=${org.orgId}` })}>
            角色分配
          </Button>
          {org.level === 'grassroots' ? (
            <Button size='small' type='primary' fill='outline' onClick={() => void Taro.navigateTo({ url: `/chair/pages/union-profile/index?orgId=${org.orgId}` })}>
              工会档案
            </Button>
          ) : null}
        </View>
      </View>

      <OrgClosureCard key={org.orgId} org={org} canMark={!isScopeRoot} />

      <View className='org-tree-children-head'>
        <Text className='org-tree-children-head__title'>下级组织（{children.length}）</Text>
        {childLevels.length > 0 ? (
          <Button className='org-tree-create' size='small' type='primary' onClick={() => setSheet('create')}>
            新建下级组织
          </Button>
        ) : null}
      </View>
      {children.length === 0 ? (
        <View className='card'>
          <Text className='card__hint org-tree-empty'>还没有下级组织。</Text>
        </View>
      ) : (
        <CellGroup className='org-tree-children'>
          {children.map((child) => (
            <Cell
              key={child.orgId}
              className='org-tree-child'
              title={child.name}
              description={`${orgLevelLabels[child.level]} · ${orgKindLabels[child.kind]}${child.ownership ? ` · ${ownershipLabels[child.ownership]}` : ''}`}
              extra='›'
              align='center'
              clickable
              onClick={() => setChosenId(child.orgId)}
            />
          ))}
        </CellGroup>
      )}

      <Popup
        visible={sheet !== null}
        position='bottom'
        round
        closeable
        destroyOnClose
        title={sheet === 'create' ? '新建下级组织' : sheet === 'edit' ? '编辑组织' : '调整隶属：选择新的上级组织'}
        onClose={() => setSheet(null)}
      >
        <View className='org-tree-sheet'>
          {sheet === 'create' ? (
            <OrgForm
              mode={{ kind: 'create', parent: org }}
              levels={childLevels}
              onDone={() => {
                setSheet(null)
                void Taro.showToast({ title: '已新建', icon: 'success' })
                void load(org.orgId)
              }}
            />
          ) : null}
          {sheet === 'edit' ? (
            <OrgForm
              mode={{ kind: 'edit', org }}
              levels={ownLevels}
              onDone={() => {
                setSheet(null)
                void Taro.showToast({ title: '已保存', icon: 'success' })
                void load(org.orgId)
              }}
            />
          ) : null}
          {sheet === 'move' ? (
            <View className='org-tree-move-picker'>
              <Text className='card__hint'>只列出您管辖范围内的组织；「{org.name}」的全部下级组织将一同调整。</Text>
              <OrgBrowser roots={roots} actionOf={moveAction} />
            </View>
          ) : null}
        </View>
      </Popup>
    </View>
  )
}

function Notice({ title, hint }: { title: string; hint: string }) {
  return (
    <View className='org-tree'>
      <View className='card'>
        <Text className='card__title'>{title}</Text>
        <Text className='card__hint'>{hint}</Text>
        <Button type='primary' size='large' block onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
          返回首页
        </Button>
      </View>
    </View>
  )
}
