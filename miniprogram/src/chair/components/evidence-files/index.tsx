import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { fileSizeLabel, isImageEvidence, maxEvidenceFiles } from '@shared/api/evidence'
import { toApiError, type ApiError } from '../../../services/api-client'
import {
  attachEvidence,
  chooseEvidence,
  evidenceList,
  openEvidence,
  removeEvidence,
  requestUpload,
  uploadToStorage,
  evidenceKindLabel,
  evidenceMeta,
  staleAfterMs,
  type EvidenceSource,
  type EvidenceView,
} from '../../../services/evidence'
import { Button } from '../../../components/nutui'
import PrivacyPopup from '../../../components/privacy-popup'
import './index.scss'

interface EvidenceFilesProps {
  applicationId: string
  /** A draft or an application returned for changes: files may be added and deleted. */
  editable: boolean
}

type Upload = { name: string; percent: number; step: 'signing' | 'sending' | 'attaching' }

/**
 * 证明材料 on the chair's application: the files attached so far (tap to open) and, while the application may be
 * changed, 上传 — pick a file, post it straight to storage with a progress bar, attach it — and 删除.
 */
export default function EvidenceFiles({ applicationId, editable }: EvidenceFilesProps) {
  const [files, setFiles] = useState<EvidenceView[] | null>(null)
  const [upload, setUpload] = useState<Upload | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const loadedAt = useRef(0)
  const gone = useRef(false)

  const show = useCallback((next: EvidenceView[]) => {
    loadedAt.current = Date.now()
    if (!gone.current) setFiles(next)
  }, [])

  const load = useCallback(async () => {
    try {
      show(await evidenceList(applicationId))
    } catch (caught) {
      if (!gone.current) setError(toApiError(caught))
    }
  }, [applicationId, show])

  useEffect(() => {
    gone.current = false
    void load()
    return () => {
      gone.current = true
    }
  }, [load])

  async function add(source: EvidenceSource) {
    if (upload) return
    setError(null)
    let name = ''
    try {
      const file = await chooseEvidence(source)
      if (!file) return
      name = file.name
      setUpload({ name, percent: 0, step: 'signing' })
      const ticket = await requestUpload(applicationId, file)
      setUpload({ name, percent: 0, step: 'sending' })
      await uploadToStorage(ticket, file, (percent) => {
        if (!gone.current) setUpload({ name, percent, step: 'sending' })
      })
      setUpload({ name, percent: 100, step: 'attaching' })
      show(await attachEvidence(applicationId, ticket.key, file.name))
      void Taro.showToast({ title: '已上传', icon: 'success' })
    } catch (caught) {
      if (!gone.current) setError(toApiError(caught))
    } finally {
      if (!gone.current) setUpload(null)
    }
  }

  async function remove(file: EvidenceView) {
    const { confirm } = await Taro.showModal({ title: '删除证明材料', content: `确定删除「${file.fileName}」吗？`, confirmText: '删除', confirmColor: '#c8161d' })
    if (!confirm) return
    setError(null)
    try {
      show(await removeEvidence(applicationId, file.evidenceId))
    } catch (caught) {
      if (!gone.current) setError(toApiError(caught))
    }
  }

  async function open(file: EvidenceView) {
    setError(null)
    try {
      // Download addresses last a few minutes: an old list is read again first.
      if (Date.now() - loadedAt.current > staleAfterMs) {
        const fresh = await evidenceList(applicationId)
        show(fresh)
        const again = fresh.find((f) => f.evidenceId === file.evidenceId)
        if (!again) return
        if (process.env.TARO_ENV === 'h5') {
          // A browser opens a new tab only straight from a tap.
          void Taro.showToast({ title: '链接已更新，请再点一次', icon: 'none' })
          return
        }
        await openEvidence(again)
        return
      }
      await openEvidence(file)
    } catch (caught) {
      if (!gone.current) setError(toApiError(caught))
    }
  }

  const full = (files?.length ?? 0) >= maxEvidenceFiles
  return (
    <View className='card evidence-files' data-count={files?.length ?? 0} data-editable={String(editable)}>
      <PrivacyPopup />
      <Text className='card__title'>证明材料</Text>
      <Text className='card__hint'>
        {editable ? '可上传 JPG、PNG 图片，PDF、Word（.docx）、Excel（.xlsx）文件，每个不超过 10 MB，最多 20 个；较大的图片和其他格式的照片会自动转为 JPG。审核人可查看。' : '申报提交后不能增删；退回修改后可再编辑。'}
      </Text>

      {files === null && !error ? <Text className='evidence-files__empty'>正在加载…</Text> : null}
      {files !== null && files.length === 0 ? <Text className='evidence-files__empty'>尚未上传证明材料</Text> : null}
      {(files ?? []).map((file) => (
        <View key={file.evidenceId} className='evidence-file' data-evidence-id={file.evidenceId} data-file-name={file.fileName} onClick={() => void open(file)}>
          <Text className={`evidence-file__kind${isImageEvidence(file.contentType) ? ' evidence-file__kind--image' : ''}`}>{evidenceKindLabel(file.contentType)}</Text>
          <View className='evidence-file__main'>
            <Text className='evidence-file__name'>{file.fileName}</Text>
            <Text className='evidence-file__meta'>{evidenceMeta(file)}</Text>
          </View>
          {editable ? (
            <View
              className='evidence-file__delete'
              onClick={(e) => {
                e.stopPropagation()
                void remove(file)
              }}
            >
              <Text>删除</Text>
            </View>
          ) : null}
        </View>
      ))}

      {upload ? (
        <View className='evidence-upload' data-step={upload.step} data-percent={upload.percent}>
          <View className='evidence-upload__head'>
            <Text className='evidence-upload__name'>{upload.name}</Text>
            <Text className='evidence-upload__percent'>{upload.step === 'signing' ? '准备上传…' : upload.step === 'attaching' ? '正在保存…' : `${upload.percent}%`}</Text>
          </View>
          <View className='evidence-upload__track'>
            <View className='evidence-upload__bar' style={{ width: `${upload.percent}%` }} />
          </View>
        </View>
      ) : null}

      {error ? (
        <View className='evidence-files__error' data-code={error.code}>
          <Text>{error.message}</Text>
          {error.details.map((d) => (
            <Text key={`${d.path}:${d.message}`} className='evidence-files__detail'>
              · {d.message}
            </Text>
          ))}
        </View>
      ) : null}

      {editable && files !== null ? (
        full ? (
          <Text className='evidence-files__full'>已达 {maxEvidenceFiles} 个文件的上限，如需更换请先删除。</Text>
        ) : process.env.TARO_ENV === 'h5' ? (
          <Button className='evidence-files__add' type='primary' fill='outline' block disabled={!!upload} onClick={() => void add('file')}>
            选择文件上传
          </Button>
        ) : (
          <View className='evidence-files__actions'>
            <Button className='evidence-files__add' type='primary' fill='outline' disabled={!!upload} onClick={() => void add('file')}>
              从聊天记录选择文件
            </Button>
            <Button className='evidence-files__add evidence-files__add--image' type='primary' fill='outline' disabled={!!upload} onClick={() => void add('image')}>
              拍照或选图片
            </Button>
          </View>
        )
      ) : null}
      {files !== null && files.length > 0 ? <Text className='evidence-files__total'>共 {files.length} 个，{fileSizeLabel(files.reduce((sum, f) => sum + f.size, 0))}</Text> : null}
    </View>
  )
}
