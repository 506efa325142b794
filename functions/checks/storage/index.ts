import type { CheckDefinition } from '../types.js';
import { storageEbsEncryption } from './storage-ebs-encryption.js';
import { storageHostPathPersistentVolumes } from './storage-hostpath-persistentvolumes.js';

export const storageChecks: CheckDefinition[] = [storageEbsEncryption, storageHostPathPersistentVolumes];
