import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { toApiError } from '../../../services/api-client'
import { certificatePdf, saveSummaryFile } from '../../../services/campaign'
import { Button } from '../../../components/nutui'
import './index.scss'

/**
 * 荣誉证书 as an A4 PDF (the font embedded, its number and the QR code of the public 荣誉证书查询): opened with
 * wx.openDocument on WeChat, downloaded on H5. The server decides who may have it (the awarding body's organisers, the
 * holder's chair); a refusal is said under the button.
 */
export default function CertificateDownload({ certificateNo }: { certificateNo: string }) {
  const [state, setState] = useState<{ pending: boolean; message?: string }>({ pending: false })
  const download = async () => {
    setState({ pending: true })
    try {
      await saveSummaryFile(await certificatePdf(certificateNo))
      setState({ pending: false })
    } catch (caught) {
      setState({ pending: false, message: toApiError(caught).message })
    }
  }
  return (
    <View className='certificate-download'>
      <Button className='certificate-download__button' fill='outline' block loading={state.pending} disabled={state.pending} onClick={() => void download()}>
        下载荣誉证书（PDF）
      </Button>
      {state.message ? <Text className='card__hint certificate-download__message'>{state.message}</Text> : null}
    </View>
  )
}
