import type { ExportWritten } from '../contract/apiTypes';
import { PROFILE_FILE, profileExportFolder } from '../export/profile/deploymentProfile';

/** With `profile`, measures the export folder's model (profile.json, the model card's section) and adds it to what was written. */
export async function withProfile(written: ExportWritten, label: string, profile: boolean | undefined): Promise<ExportWritten> {
  if (!profile) return written;
  const measured = await profileExportFolder(written.dir, label);
  return { ...written, files: [...new Set([...written.files, PROFILE_FILE])].sort(), profile: measured };
}
