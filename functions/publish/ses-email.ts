/** The SES v2 publisher: one message, HTML and text bodies, an optional PDF attachment (Simple content). */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface OutgoingEmail {
  sender: string;
  recipients: string[];
  subject: string;
  html: string;
  text: string;
  attachment?: { fileName: string; bytes: Uint8Array };
}

/** Sends the message and returns SES's message id. Errors are SES's own, for the caller to release its claim. */
export async function sendEmail(ses: SESv2Client, email: OutgoingEmail): Promise<string | undefined> {
  const out = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: email.sender,
      Destination: { ToAddresses: email.recipients },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          Attachments: email.attachment
            ? [
                {
                  FileName: email.attachment.fileName,
                  RawContent: email.attachment.bytes,
                  ContentType: 'application/pdf',
                  ContentDisposition: 'ATTACHMENT',
                  ContentTransferEncoding: 'BASE64',
                },
              ]
            : undefined,
        },
      },
    }),
  );
  return out.MessageId;
}
